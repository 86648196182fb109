import { Dialog } from './Dialog';

export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['Space', 'play or pause the picture'],
  ['J / K / L', 'back 5 seconds / pause / play (L again plays faster)'],
  ['← / →', 'one frame back / forward (with Shift: one second)'],
  ['↑ / ↓', 'previous / next scene'],
  ['[ / ]', 'previous / next suggestion'],
  ['P', 'preview the scene with the selected suggestion (again to stop)'],
  ['Enter', 'accept the selected suggestion'],
  ['R', 'reject the selected suggestion (restore it from the scene’s Rejected list)'],
  ['Ctrl+Z / Ctrl+Shift+Z', 'undo / redo an accept, reject, restore, rating, split or join (of scenes or cues)'],
  ['1 – 5', 'rate the selected suggestion (1 clashing … 5 perfect)'],
  [', / .', 'move the selected suggestion’s section one bar earlier / later (accepts it with that section)'],
  ['C', 'show or hide the mood chart of the selected suggestion'],
  ['S', 'split the scene at the picture’s current frame (analyses that video again)'],
  ['M', 'join the selected scene to the one before it'],
  ['Shift+S', 'start a new music cue at the selected scene (splits its cue)'],
  ['Shift+M', 'join the selected scene’s cue to the cue before it'],
  ['Shift+P', 'play the selected scene’s cue through its cuts with its music (again to stop)'],
  ['Q', 'music for the selected scene or for its whole cue (then Enter accepts for every scene of the cue, P plays the cue)'],
  ['E', 'export the cut'],
  ['O', 'open a project'],
  ['?', 'this list'],
];

export function HelpDialog({ onClose }: { onClose(): void }): React.JSX.Element {
  return (
    <Dialog title="Keyboard" onClose={onClose} className="help-dialog">
      <dl className="shortcuts">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
