import type { App } from '@slack/bolt';
import type { Services } from '../../../services/context';
import * as weaver from './weaver';

export function register(app: App, services: Services): void {
  weaver.register(app, services);
}
