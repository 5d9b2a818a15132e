/**
 * Introductions, one use case per file: plan a round, send suggestions at each person's local hour,
 * take answers, open the group DM when everyone accepted, follow up, expire, block. (The funnel:
 * services/introFunnel.ts.) Callers import from here.
 */
export { type AnswerResult, answerSuggestion, PAUSE_DAYS } from './answerSuggestion';
export { allowAgain, blockFromSuggestions, blockPerson } from './blockPerson';
export { comeBack } from './comeBack';
export { createRound } from './createRound';
export { expireIntroduction } from './expireIntroduction';
export { introWording } from './introWording';
export { openIntroduction } from './openIntroduction';
export { previewRound, type RoundPreview, TIE_WINDOW_DAYS } from './previewRound';
export { recordMeetingOutcome } from './recordMeetingOutcome';
export { sendFollowUp } from './sendFollowUp';
export { sendNoMatch } from './sendNoMatch';
export { sendSuggestion } from './sendSuggestion';
export { tellIntroClosed } from './tellIntroClosed';
export { withdrawIntroductionsOf } from './withdrawIntroductionsOf';
