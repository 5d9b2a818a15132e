/** What every service needs: the database, a logger, configuration, a clock, Slack clients and the Home's features. */
import type { Knex } from 'knex';
import type { WebClient } from '@slack/web-api';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { HomeFeatures } from './home/features';

export interface Services {
  db: Knex;
  logger: Logger;
  config: Config;
  /** Every "now" in services comes from here, so tests can move time. */
  now: () => Date;
  /** Waits on the same clock as `now` (Slack's Retry-After pauses); real time unless a bench gives a virtual one. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Runs independent parts of one use case at once and waits for them all (rejecting with the first
   * error once every part settled). `Promise.all` unless a bench gives its virtual clock's, which
   * lets Slack time pass only when every part waits.
   */
  concurrently?: <T>(parts: Array<() => Promise<T>>) => Promise<T[]>;
  /** A Web API client for a workspace, honouring SLACK_API_URL; null when Weaver is not installed there. */
  slackFor: (teamId: string) => Promise<WebClient | null>;
  /** What the Home tab's lead view uses from the report and introductions (`weaver start` plugs them in). */
  home?: HomeFeatures;
}
