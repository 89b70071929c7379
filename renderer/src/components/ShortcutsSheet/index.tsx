/**
 * The keyboard-shortcuts sheet (Ctrl/⌘+/): a modal dialog listing every command of commands.ts
 * with its keys as this OS writes them, so it always says what the keys really do. The modal dialog
 * keeps focus inside; on close, focus goes back to where it was when the sheet opened (ui/ModalDialog).
 */
import { bindingText, COMMANDS, runningOnMac } from '../../commands';
import { ModalDialog } from '../../ui/ModalDialog';

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
    </ModalDialog>
  );
}
