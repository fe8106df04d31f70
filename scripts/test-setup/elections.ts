/** Election integration tests' shared data: the nominations every driven election uses. */
import type { DemoVoter, Nomination } from '../../db/seed-elections.server';

/** Eight nominees for 1 director, 1 deputy and 3 member seats (差额: more candidates than seats). */
export const eightNominations = (v: readonly DemoVoter[]): Nomination[] => [
  { name: v[0]!.name, office: 'director', votes: 5 },
  { name: v[1]!.name, office: 'director', votes: 4 },
  { name: v[2]!.name, office: 'deputy', votes: 5 },
  { name: v[3]!.name, office: 'deputy', votes: 4 },
  { name: v[4]!.name, office: 'member', votes: 6 },
  { name: v[5]!.name, office: 'member', votes: 5 },
  { name: v[6]!.name, office: 'member', votes: 4 },
  { name: v[7]!.name, office: 'member', votes: 3 },
];
