// Types for Remix's single fetch (v3_singleFetch is on in remix.config.js).
import '@remix-run/node';

declare module '@remix-run/server-runtime' {
  interface Future {
    v3_singleFetch: true;
  }
}
