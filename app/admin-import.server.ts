// The web's door to the people import (db/admin-import.server.ts).
export { db } from '../db/client.server';
export { peopleImports, readSpreadsheet, startPeopleImport, type PeopleImport } from '../db/admin-import.server';
