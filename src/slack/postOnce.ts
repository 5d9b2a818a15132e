/**
 * Exactly-once messages from jobs. A job that posts and is then killed (SIGKILL, a crash, a lost
 * response) before it is marked done runs again after its lease; without care the person gets the
 * same message twice. Every message a job posts carries invisible message metadata naming the job
 * and the message's place in it (`weaver_job_message`, key `job:<id>:<n>`). When a job runs again
 * (attempts > 1), before each post the recent history of that conversation is read
 * (conversations.history with include_all_metadata) and a message already carrying the key is
 * returned instead of posting again. First attempts post directly (no extra call). If the history
 * cannot be read, the message is posted (a rare duplicate beats a lost introduction) and a warning
 * is logged.
 */
import type { ChatPostMessageArguments, ChatPostMessageResponse, WebClient } from '@slack/web-api';
import type { Logger } from '../logger';

export const JOB_MESSAGE_EVENT = 'weaver_job_message';

export interface JobPosts {
  /** job id: message keys are `job:<id>:<n>` */
  jobId: number;
  /** a previous attempt of this job may already have posted */
  mayHavePosted: boolean;
  logger: Logger;
  /** posts so far in this run (shared by every client handed to the job) */
  count: number;
}

interface MessageWithMetadata {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { key?: unknown } };
}

async function earlierPost(client: WebClient, channel: string, key: string): Promise<(MessageWithMetadata & { channel: string }) | undefined> {
  // A user id posts into the bot's DM with that person: find that conversation's id first.
  const conversation = /^[UW]/.test(channel) ? (await client.conversations.open({ users: channel })).channel?.id : channel;
  if (!conversation) return undefined;
  const history = await client.conversations.history({ channel: conversation, limit: 100, include_all_metadata: true });
  const found = (history.messages as MessageWithMetadata[] | undefined)?.find(
    (m) => m.metadata?.event_type === JOB_MESSAGE_EVENT && m.metadata.event_payload?.key === key,
  );
  return found ? { ...found, channel: conversation } : undefined;
}

/** `client` with chat.postMessage made exactly-once for the job described by `posts`. */
export function postingOnce(client: WebClient, posts: JobPosts): WebClient {
  const postMessage = async (args: ChatPostMessageArguments): Promise<ChatPostMessageResponse> => {
    posts.count += 1;
    const key = `job:${posts.jobId}:${posts.count}`;
    if (posts.mayHavePosted) {
      try {
        const earlier = await earlierPost(client, String(args.channel), key);
        if (earlier) {
          posts.logger.info({ jobId: posts.jobId, key }, 'job message was already posted by an earlier attempt: not posting again');
          return { ok: true, channel: earlier.channel, ts: earlier.ts, message: earlier as ChatPostMessageResponse['message'] };
        }
      } catch (err) {
        posts.logger.warn({ jobId: posts.jobId, key, err: (err as Error).message }, 'could not check for an earlier post of this job message; posting');
      }
    }
    const metadata = args.metadata ?? { event_type: JOB_MESSAGE_EVENT, event_payload: { key } };
    return client.chat.postMessage({ ...args, metadata } as ChatPostMessageArguments);
  };
  const wrapped = Object.create(client) as WebClient;
  Object.defineProperty(wrapped, 'chat', { value: { ...client.chat, postMessage }, enumerable: true });
  return wrapped;
}
