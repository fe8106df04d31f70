// The web's door to db/. Routes import from here: Remix's classic compiler keeps `*.server` modules
// out of the browser bundle only inside app/, so db/ is reached through this file.
export { db } from '../db/client.server';
export * from '../db/people.server';
export {
  communityDisclosures,
  contentOf as disclosureContent,
  disclosureById,
  disclosuresOf,
  verifyCommunityChain,
  type DisclosureRow,
} from '../db/disclosures.server';
export { meetingsOfMotion, relatedMotions, rosterOf } from '../db/motions.server';
