/** Passion prompts: the planner enqueues first/welcome/refresh prompts; the job sends one prompt or reminder. */
import { PROMPT_JOB, planPrompts, runPromptJob } from '../services/prompts';
import { defineJob, definePlanner } from './registry';

definePlanner('prompts', async (services, teamId) => {
  await planPrompts(services, teamId);
});

defineJob(PROMPT_JOB, runPromptJob);
