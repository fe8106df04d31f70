import { createContext, useContext } from 'react';

/** The page's CSP nonce (server.ts → load context → entry.server.tsx); empty in the browser. */
export const NonceContext = createContext('');
export const useNonce = () => useContext(NonceContext);
