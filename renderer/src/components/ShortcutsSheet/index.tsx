/**
 * The keyboard-shortcuts sheet (Ctrl/⌘+/): a modal dialog listing every command of commands.ts
 * with its keys as this OS writes them, so it always says what the keys really do. The Modal keeps
 * focus inside; on close, focus goes back to where it was when the sheet opened.
 */
import { bindingText, COMMANDS, runningOnMac } from '../../commands';
import { Modal } from '../../ui/Modal';

export interface ShortcutsSheetProps {
  onClose(): void;
}

export function ShortcutsSheet(props: ShortcutsSheetProps) {
  const mac = runningOnMac();
  return (
    <Modal open className="shortcuts-sheet" labelledBy="shortcuts-title" onClose={props.onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="shortcuts-table">
        <thead>
          <tr>
            <th scope="col">Command</th>
            <th scope="col">Keys</th>
          </tr>
        </thead>
        <tbody>
          {COMMANDS.map((command) => (
            <tr key={command.id}>
              <td>{command.label}</td>
              <td>
                {command.bindings.map((binding, index) => (
                  <span key={index}>
                    {index > 0 && <span className="muted-text"> or </span>}
                    <kbd>{bindingText(binding, mac)}</kbd>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-buttons">
        <button type="button" className="button primary" onClick={props.onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
