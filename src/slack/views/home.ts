/** The App Home tab. Pure: a view model in, a Block Kit `home` view out. */
import type { HomeView } from '@slack/types';
import { context, divider, fitBlocks, header, section } from './blocks';

export interface HomeModel {
  userId: string;
  isLead: boolean;
}

export function homeView(model: HomeModel): HomeView {
  const blocks = [
    header('Welcome to Weaver'),
    section(
      'Weaver helps people across teams find each other through what they care about. ' +
        'It watches *who talks with whom* in public channels (never what is said), ' +
        'asks people about their passions, and introduces people across teams who would enjoy meeting.',
    ),
    divider(),
    context(model.isLead ? 'You are a Weaver lead: silo reports will appear here.' : 'Your passions and introductions will appear here.'),
  ];
  return { type: 'home', blocks: fitBlocks(blocks) };
}
