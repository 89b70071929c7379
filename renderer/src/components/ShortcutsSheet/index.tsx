/**
 * The keyboard-shortcuts sheet (Ctrl/⌘+/): a modal dialog listing every command of shared/commands.ts
 * that has keys (the others are in the application menu only), with its keys as this OS writes them,
 * so it always says what the keys really do. The modal dialog keeps focus inside; on close, focus goes
 * back to where it was when the sheet opened (ui/ModalDialog over ui/Modal).
 */
import { bindingText, COMMANDS } from '../../../../shared/commands';
import { runningOnMac } from '../../key-presses';
import { ModalDialog } from '../../ui/ModalDialog';

const WITH_KEYS = COMMANDS.filter((command) => command.bindings.length > 0);

export interface ShortcutsSheetProps {
  onClose(): void;
}

export function ShortcutsSheet(props: ShortcutsSheetProps) {
  const mac = runningOnMac();
  return (
    <ModalDialog className="shortcuts-sheet" title="Keyboard shortcuts" onClose={props.onClose}>
      <table className="shortcuts-table">
        <thead>
          <tr>
            <th scope="col">Command</th>
            <th scope="col">Keys</th>
          </tr>
        </thead>
        <tbody>
          {WITH_KEYS.map((command) => (
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
    </ModalDialog>
  );
}
