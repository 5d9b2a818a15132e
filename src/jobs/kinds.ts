/**
 * Loads every module that defines job kinds or planners, so the scheduler knows them all.
 * Each feature adds one import line here.
 */
import './maintenance';
import './sync';
import './retention';
import './prompts';
import './intros';
import './asks';
import './workspaceDeletion';
import './reportSnapshot';
import './departments';
