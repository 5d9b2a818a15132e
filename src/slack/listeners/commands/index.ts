import type { App } from '@slack/bolt';
import type { Services } from '../../../services/context';

export function register(_app: App, _services: Services): void {
  // listeners of this kind are added by the features that need them
}
