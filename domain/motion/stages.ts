/**
 * The 四议两公开 state machine (DOMAIN.md §3.1): states, the six steps a timeline shows, the table of
 * actions (who, from which state, to which state, under which guard), and a pure reducer.
 *
 * Written once and used three ways: the UI calls `nextActions` to show only what a person may do now;
 * a Temporal Update validator calls `assertMotionEvent` to refuse early with a message key; the
 * workflow calls `applyMotionEvent` to move on. Time is always passed in (`ctx.now`); a stage never
 * advances by itself when overdue — `overdue` and `motionDeadlines` tell the workflow when to remind,
 * escalate, lapse, or end a disclosure window.
 */
export * from './snapshot';
export * from './actions';
export * from './guards';
export * from './reducer';
