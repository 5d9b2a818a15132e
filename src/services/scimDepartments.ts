/**
 * Departments from Slack's SCIM API (Business+ and Enterprise Grid), the organisation's own HR
 * data: `GET {SLACK_SCIM_URL}Users?startIndex=1&count=1000`, page after page, each user with
 * Slack's enterprise extension (`department`, `division`, `manager`). 50,000 people are 50 requests.
 * A 429 is waited out (Retry-After) and asked again; a 401 means the token is wrong or lacks the
 * admin scope and stops with a message saying so. People SCIM gives no department are stored with
 * none ("Unknown"); a department set by hand is kept. Re-read daily by the `departments.scim` job.
 */
import type { Services } from './context';
import { recordDepartmentRead } from '../store/departmentReads';
import { setDepartments, setOrgDetails } from '../store/members';
import { recomputeChannelKinds } from './channelKinds';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PAGE = 1000;
/** Consecutive 429s after which the read stops (and the job is retried later). */
const MAX_RATE_LIMITED = 100;

export class ScimError extends Error {}

interface ScimUser {
  id?: string;
  active?: boolean;
  [ENTERPRISE]?: { department?: string; division?: string; manager?: { managerId?: string; value?: string } };
}

export interface ScimPerson {
  userId: string;
  department: string | null;
  division: string | null;
  managerId: string | null;
}

export interface ScimOptions {
  url: string;
  token: string;
  pageSize?: number;
  sleep?: (ms: number) => Promise<void>;
}

const clean = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 80) : null);

/** Every user SCIM lists (all pages), as department rows. */
export async function readScimPeople(opts: ScimOptions): Promise<{ people: ScimPerson[]; requests: number }> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const count = Math.min(opts.pageSize ?? PAGE, PAGE);
  const people: ScimPerson[] = [];
  let requests = 0;
  let startIndex = 1;
  let limited = 0;
  for (;;) {
    const url = `${opts.url}Users?startIndex=${startIndex}&count=${count}`;
    requests += 1;
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${opts.token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(60_000),
    });
    if (res.status === 429) {
      limited += 1;
      if (limited > MAX_RATE_LIMITED) throw new ScimError(`SCIM: still rate limited after ${MAX_RATE_LIMITED} waits`);
      const seconds = Number.parseInt(res.headers.get('retry-after') ?? '', 10);
      await res.body?.cancel();
      await sleep((Number.isFinite(seconds) ? Math.max(0, seconds) : 30) * 1000);
      continue;
    }
    limited = 0;
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new ScimError(
        `SCIM refused SLACK_SCIM_TOKEN (HTTP ${res.status}): use a user token (xoxp-…) of an org owner or admin ` +
          'with the admin scope, on a Business+ or Enterprise Grid plan',
      );
    }
    if (!res.ok) {
      const text = (await res.text()).slice(0, 200);
      throw new ScimError(`SCIM answered HTTP ${res.status} for ${url.replace(/\?.*$/, '')}: ${text}`);
    }
    const body = (await res.json()) as { totalResults?: number; Resources?: ScimUser[] };
    const page = body.Resources ?? [];
    for (const u of page) {
      if (!u.id) continue;
      const ext = u[ENTERPRISE];
      people.push({
        userId: u.id,
        department: clean(ext?.department),
        division: clean(ext?.division),
        managerId: clean(ext?.manager?.managerId ?? ext?.manager?.value),
      });
    }
    startIndex += page.length;
    if (!page.length || startIndex > (body.totalResults ?? 0)) break;
  }
  return { people, requests };
}

export interface ScimSyncResult {
  people: number;
  withDepartment: number;
  changed: number;
  requests: number;
}

/** Reads SCIM and applies departments, divisions and managers in one transaction. */
export async function syncScimDepartments(
  services: Services,
  teamId: string,
  opts: Partial<ScimOptions> = {},
): Promise<ScimSyncResult> {
  return applyScimPeople(services, teamId, await readScimOfWorkspace(services, opts));
}

/** Every user SCIM lists, with the configured URL and token (the read alone: a sync overlaps it with users.list). */
export async function readScimOfWorkspace(
  services: Services,
  opts: Partial<ScimOptions> = {},
): Promise<{ people: ScimPerson[]; requests: number }> {
  const token = opts.token ?? services.config.slack.scimToken;
  if (!token) {
    throw new ScimError(
      'the department source is SCIM but SLACK_SCIM_TOKEN is not set: add a user token with the admin scope, ' +
        'or choose another department source',
    );
  }
  return readScimPeople({
    url: opts.url ?? services.config.slack.scimUrl,
    token,
    pageSize: opts.pageSize,
    sleep: opts.sleep ?? services.sleep,
  });
}

/** Applies what SCIM said to the people Weaver knows (read the people list first), in one transaction. */
export async function applyScimPeople(
  services: Services,
  teamId: string,
  { people, requests }: { people: ScimPerson[]; requests: number },
): Promise<ScimSyncResult> {
  const changed = await services.db.transaction(async (trx) => {
    const n = await setDepartments(
      trx,
      teamId,
      people.map((p) => ({ userId: p.userId, department: p.department })),
      'scim',
      services.now(),
    );
    await setOrgDetails(trx, teamId, people);
    await recordDepartmentRead(trx, teamId, {
      source: 'scim',
      readAt: services.now(),
      fileName: null,
      fileModifiedAt: null,
      rowsApplied: people.length,
      peopleChanged: n,
    });
    return n;
  });
  if (changed) await recomputeChannelKinds(services, teamId);
  services.logger.info({ teamId, people: people.length, changed, requests }, 'departments: read from SCIM');
  return { people: people.length, withDepartment: people.filter((p) => p.department).length, changed, requests };
}
