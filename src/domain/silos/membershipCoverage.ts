/**
 * Membership coverage of a live report (how many channels' member lists were read, and what share
 * of all memberships they hold), the order in which a sync reads member lists, and the one line every
 * output shows while some are still to read. Pure: counts and times come in as arguments.
 */
import type { MembershipCoverage } from './types';

/** A first report is published once the lists read hold this share of all memberships. */
export const FIRST_REPORT_MEMBERSHIP_SHARE = 0.9;
/** conversations.members is Tier 4: about 100 calls a minute per workspace. */
export const MEMBER_LIST_CALLS_PER_MINUTE = 100;

/** Members a page of Slack's lists (conversations.* take "under 1,000"). */
export const LIST_PAGE = 999;

/** Share of all memberships whose channel's list is read (1 when there are none). */
export function membershipShare(m: Pick<MembershipCoverage, 'memberships' | 'membershipsRead'>): number {
  return m.memberships > 0 ? m.membershipsRead / m.memberships : 1;
}

export interface ChannelToRead {
  channelId: string;
  /** Slack's member count; null when unknown */
  memberCount: number | null;
}

/** Calls of conversations.members one channel takes at `pageSize` members a page. */
export const memberListCalls = (memberCount: number | null, pageSize: number): number =>
  Math.max(1, Math.ceil((memberCount ?? 0) / pageSize));

/**
 * The order to read member lists in: the most memberships per call first (greedy, which reaches a
 * given share of all memberships with the fewest calls at one rate limit), so the large channels
 * that carry most of the ties come first; every channel is still read in the same run, the small
 * ones last. Channels without a count go last; ties keep the given order (by name).
 */
export function memberReadOrder<T extends ChannelToRead>(channels: T[], pageSize: number): T[] {
  const perCall = (c: ChannelToRead) =>
    c.memberCount === null ? -1 : c.memberCount / memberListCalls(c.memberCount, pageSize);
  return channels
    .map((c, i) => ({ c, i, v: perCall(c) }))
    .sort((a, b) => b.v - a.v || a.i - b.i)
    .map((x) => x.c);
}

/** The coverage of the member lists as stored; `restBy` only while a sync is running to read the rest. */
export function coverageOf(
  lists: Array<ChannelToRead & { readAt: Date | null }>,
  opts: { nowMs: number; syncRunning: boolean; pageSize?: number },
): MembershipCoverage {
  let channelsRead = 0;
  let memberships = 0;
  let membershipsRead = 0;
  let callsLeft = 0;
  for (const c of lists) {
    memberships += c.memberCount ?? 0;
    // A channel Slack gave no count for (created since the last list) has its members from events.
    if (c.readAt || c.memberCount === null) {
      channelsRead++;
      membershipsRead += c.memberCount ?? 0;
    } else callsLeft += memberListCalls(c.memberCount, opts.pageSize ?? LIST_PAGE);
  }
  const complete = channelsRead >= lists.length;
  return {
    channels: lists.length,
    channelsRead,
    memberships,
    membershipsRead,
    restBy: !complete && opts.syncRunning ? membersReadBy(callsLeft, opts.nowMs) : null,
  };
}

/** When the lists still to read should be read at Slack's pace, from `nowMs` (ISO time). */
export function membersReadBy(callsLeft: number, nowMs: number): string {
  return new Date(nowMs + Math.ceil((callsLeft / MEMBER_LIST_CALLS_PER_MINUTE) * 60_000)).toISOString();
}

const n = (x: number) => x.toLocaleString('en-US');

/** "15:40 UTC" on the report's own day, "2026-12-07 15:40 UTC" on another. */
function timeOf(restBy: string, reportIso: string): string {
  // "By about": an estimate within a minute shows as that minute's end, never earlier than the estimate.
  const iso = new Date(Math.ceil(Date.parse(restBy) / 60_000) * 60_000).toISOString();
  const sameDay = iso.slice(0, 10) === reportIso.slice(0, 10);
  return `${sameDay ? '' : `${iso.slice(0, 10)} `}${iso.slice(11, 16)} UTC`;
}

/**
 * The one line every output (text, HTML, JSON's reader, App Home) shows while member lists are
 * still to read; null once every list is read (nothing to qualify).
 */
export function describeMembershipCoverage(m: MembershipCoverage | undefined, reportIso: string): string | null {
  if (!m || m.channelsRead >= m.channels) return null;
  const share = membershipShare(m);
  // Never round a partial coverage up to 100 %.
  const pct = Math.min(Math.round(share * 100), 99);
  const rest = m.restBy ? `the rest by about ${timeOf(m.restBy, reportIso)}` : 'the rest when a sync runs again';
  return `Memberships read for ${n(m.channelsRead)} of ${n(m.channels)} channels, ${pct} % of all memberships; ${rest}. Numbers about channels may change until then.`;
}
