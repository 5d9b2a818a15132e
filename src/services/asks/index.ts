/** Asks ("who could help me with X?") and newcomers' welcome introductions: what listeners and jobs call. */
export { afterAskSubmitted, submitAsk, type SubmitAskResult } from './askForIntroduction';
export {
  afterAskAnswer,
  answerAskRequest,
  askRequestTimedOut,
  openAskIntroduction,
  tellAskerNobody,
  withdrawAsksOf,
  type AskAnswerResult,
} from './answers';
export { askNextHelper, rankForAsk, searchAndAsk, sendAskRequest, MAX_ASKED } from './search';
export { NEWCOMER_DAYS, offerWelcomeIntroduction } from './welcome';
