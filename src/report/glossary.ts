/**
 * "How to read this": one plain line per metric, shared by the text legend, the HTML glossary and
 * its `title` tooltips (a finding's change since last month is said by domain/silos/changeSentence.ts). Keep each meaning to
 * one sentence a reader without network science can act on (docs/reading-reports.md has more).
 */
import { SILO_THRESHOLD } from '../domain/silos/insularity';
import type { SiloReport } from '../domain/silos/types';

export interface GlossaryEntry {
  key: string;
  term: string;
  meaning: string;
}

export function glossary(minGroupSize: number, dividedModularity = 0.3): GlossaryEntry[] {
  return [
    {
      key: 'eiIndex',
      term: 'E-I index',
      meaning: 'From −1 (every tie stays inside the department) to +1 (every tie goes outside); 0 is half and half.',
    },
    {
      key: 'modularity',
      term: 'Modularity',
      meaning: `How much more ties stay inside departments than chance would give: 0 is no more than chance, from ${dividedModularity} up the organisation is strongly divided.`,
    },
    {
      key: 'crossShare',
      term: 'Cross-department ties',
      meaning: 'The share of all ties that join two different departments.',
    },
    {
      key: 'tie',
      term: 'Tie',
      meaning: 'Two people who replied to, mentioned or reacted to each other in the window.',
    },
    {
      key: 'expected',
      term: 'Expected ties',
      meaning: 'How many ties two departments would have if everyone picked contacts at random, given their sizes.',
    },
    {
      key: 'insularity',
      term: 'Insularity',
      meaning: `E-I corrected for department size: above ${SILO_THRESHOLD} (with enough ties) the department is called a silo.`,
    },
    {
      key: 'blau',
      term: 'Diversity (Blau)',
      meaning:
        'The chance that two members of a channel come from different departments; 1 when normalised means as mixed as it can be.',
    },
    {
      key: 'reach',
      term: 'Reach',
      meaning: 'The share of a department’s people with at least one tie to another department.',
    },
    { key: 'breadth', term: 'Breadth', meaning: 'How many other departments a typical (median) member has ties with.' },
    {
      key: 'purposeReach',
      term: 'Purpose reach',
      meaning: 'The share of a department’s people in a purpose channel shared with another department.',
    },
    {
      key: 'louvain',
      term: 'Louvain communities',
      meaning: 'Groups the ties themselves form, whatever the departments; Q is how cleanly they separate.',
    },
    {
      key: 'stages',
      term: 'Community stages',
      meaning:
        'A channel’s life: potential (new, small), coalescing (growing), maturing (active), stewardship (steady), transformation (fading or changing).',
    },
    {
      key: 'participation',
      term: 'Participation levels',
      meaning:
        'Coordinators (creator, most active), core (most active 10–15 %), active (posted in 30 days), periphery (read only).',
    },
    {
      key: 'privacy',
      term: 'Privacy threshold',
      meaning: `Groups of fewer than ${minGroupSize} people are never shown alone: they are merged into "Small teams" or left out.`,
    },
  ];
}

/** The tooltip line for a metric key, or '' when it has none. */
export function meaningOf(key: string, minGroupSize: number): string {
  return glossary(minGroupSize).find((g) => g.key === key)?.meaning ?? '';
}

/** What the findings section says when there are none: which findings the data could not support. */
export function noFindingsLine(report: SiloReport): string {
  if (!report.data.departments.usable)
    return 'Nothing stands out among what the data supports; department findings are withheld (see the departments line).';
  return 'Nothing stands out: no closed department, missing bridge or captured channel.';
}

/** How channels were classified: kinds counted, how many were inferred, and a word when there are no purpose channels. */
export function channelKindsLine(report: SiloReport): string {
  const k = report.data.channels;
  if (!(k.purpose + k.department + k.broadcast + k.other)) return 'Channels: none in the data.';
  const inferred = k.inferred ? `; ${k.inferred} of these kinds inferred from who is in them and talks there` : '';
  const none = k.purpose ? '' : ' No purpose channels: findings that need them are not made.';
  return `Channels: ${k.purpose} purpose, ${k.department} department, ${k.broadcast} broadcast, ${k.other} other${inferred}.${none}`;
}
