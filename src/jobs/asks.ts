/**
 * Asks on the durable scheduler: each step of a search, each request DM, each timeout, the group DM
 * and the "nobody available" message is a job with its own key, so replicas run each once and a
 * process that stops mid-search loses nothing.
 */
import * as asks from '../services/asks';
import { defineJob } from './registry';

const askId = (p: Record<string, unknown>) => Number(p.askId);

defineJob('ask.next', async (services, job) => {
  await asks.searchAndAsk(services, job.team_id, askId(job.payload), Number(job.payload.step ?? 0));
  return 'done';
});
defineJob('ask.request', async (services, job) => {
  await asks.sendAskRequest(services, job.team_id, askId(job.payload), String(job.payload.userId));
  return 'done';
});
defineJob('ask.timeout', async (services, job) => {
  await asks.askRequestTimedOut(services, job.team_id, askId(job.payload), String(job.payload.userId));
  return 'done';
});
defineJob('ask.open', async (services, job) => {
  await asks.openAskIntroduction(services, job.team_id, askId(job.payload));
  return 'done';
});
defineJob('ask.nobody', async (services, job) => {
  await asks.tellAskerNobody(services, job.team_id, askId(job.payload));
  return 'done';
});
