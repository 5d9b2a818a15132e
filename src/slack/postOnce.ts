/**
 * Exactly-once messages from jobs. chat.postMessage is not idempotent: when Slack took a message but
 * its answer was lost (a timeout, a dropped connection, a 5xx after the fact), sending it again
 * means the person gets it twice. So every message a job posts carries invisible message metadata
 * naming the job and the message's place in it (`weaver_job_message`, key `job:<id>:<n>`), and:
 * - it is sent without the Web API client's automatic retries; after an answer that leaves it open
 *   whether the message was taken (timeout, network error, 5xx), the recent history of that
 *   conversation (conversations.history with include_all_metadata) is read before sending again,
 *   and a message already carrying the key is used instead; a 429 (not taken) is retried after
 *   Retry-After, an `ok: false` (refused) is not retried;
 * - a job that runs again (attempts > 1: its process died, or an earlier attempt failed) does the
 *   same check before each of its posts.
 * First attempts post directly (no extra call). If the history cannot be read, the message is
 * posted (a rare duplicate beats a lost introduction) and a warning is logged.
 */
import { ErrorCode, WebClient, type ChatPostMessageArguments, type ChatPostMessageResponse } from '@slack/web-api';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { webClientOptions } from './clients';
import { boltLogger } from './observability';

export const JOB_MESSAGE_EVENT = 'weaver_job_message';

export interface JobPosts {
  /** job id: message keys are `job:<id>:<n>` */
  jobId: number;
  /** a previous attempt of this job may already have posted */
  mayHavePosted: boolean;
  logger: Logger;
  /** posts so far in this run (shared by every client handed to the job) */
  count: number;
  /** timeouts, retries and backoff of Web API calls (WEAVER_SLACK_*) */
  config: Config;
}

interface MessageWithMetadata {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { key?: unknown } };
}

async function earlierPost(
  client: WebClient,
  channel: string,
  key: string,
): Promise<(MessageWithMetadata & { channel: string }) | undefined> {
  // A user id posts into the bot's DM with that person: find that conversation's id first.
  const conversation = /^[UW]/.test(channel)
    ? (await client.conversations.open({ users: channel })).channel?.id
    : channel;
  if (!conversation) return undefined;
  const history = await client.conversations.history({ channel: conversation, limit: 100, include_all_metadata: true });
  const found = (history.messages as MessageWithMetadata[] | undefined)?.find(
    (m) => m.metadata?.event_type === JOB_MESSAGE_EVENT && m.metadata.event_payload?.key === key,
  );
  return found ? { ...found, channel: conversation } : undefined;
}

/** `client` with chat.postMessage made exactly-once for the job described by `posts`. */
export function postingOnce(client: WebClient, posts: JobPosts): WebClient {
  // The same token and options, but no automatic retries: a blind resend is what makes duplicates.
  // Built on the first post only: most jobs' clients never post.
  let poster: WebClient | undefined;
  const { retries, retryBaseMs } = posts.config.slack;
  const postMessage = async (args: ChatPostMessageArguments): Promise<ChatPostMessageResponse> => {
    posts.count += 1;
    const key = `job:${posts.jobId}:${posts.count}`;
    const metadata = args.metadata ?? { event_type: JOB_MESSAGE_EVENT, event_payload: { key } };
    for (let attempt = 0; ; attempt += 1) {
      if (posts.mayHavePosted) {
        try {
          const earlier = await earlierPost(client, String(args.channel), key);
          if (earlier) {
            posts.logger.info(
              { jobId: posts.jobId, key },
              'job message was already posted by an earlier try: not posting again',
            );
            return {
              ok: true,
              channel: earlier.channel,
              ts: earlier.ts,
              message: earlier as ChatPostMessageResponse['message'],
            };
          }
        } catch (err) {
          posts.logger.warn(
            { jobId: posts.jobId, key, err: (err as Error).message },
            'could not check for an earlier post of this job message; posting',
          );
        }
      }
      try {
        poster ??= new WebClient(client.token, {
          ...webClientOptions(posts.config),
          logger: boltLogger(posts.logger),
          retryConfig: { retries: 0 },
          rejectRateLimitedCalls: true,
        });
        return await poster.chat.postMessage({ ...args, metadata } as ChatPostMessageArguments);
      } catch (err) {
        const e = err as { code?: string; retryAfter?: number };
        if (e.code === ErrorCode.PlatformError || attempt >= retries) throw err;
        if (e.code === ErrorCode.RateLimitedError) {
          await new Promise((r) => setTimeout(r, (e.retryAfter ?? 1) * 1000)); // refused: not posted
        } else {
          posts.mayHavePosted = true; // timeout, network, 5xx: Slack may have taken it
          await new Promise((r) => setTimeout(r, retryBaseMs * 2 ** attempt));
        }
      }
    }
  };
  const wrapped = Object.create(client) as WebClient;
  Object.defineProperty(wrapped, 'chat', { value: { ...client.chat, postMessage }, enumerable: true });
  return wrapped;
}
