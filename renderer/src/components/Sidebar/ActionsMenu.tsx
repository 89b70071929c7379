/**
 * The "⋯" button of a tree row and its small menu (role=menu). Opening focuses the first item;
 * arrows, Home and End move; Escape or Tab closes (Escape returns focus to the button).
 */
import { useEffect, useId, useRef, useState } from 'react';

export interface MenuAction {
  label: string;
  run(): void;
  danger?: boolean;
}

export interface ActionsMenuProps {
  name: string;
  actions: MenuAction[];
  /** Whether the button is in the Tab order (the row holding it is the tree's current one). */
  tabbable: boolean;
}

export function ActionsMenu(props: ActionsMenuProps) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const items = () => Array.from(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside, true);
    return () => document.removeEventListener('pointerdown', outside, true);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const onMenuKey = (event: React.KeyboardEvent) => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    const focus = (index: number) => list[(index + list.length) % list.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focus(at + 1);
        break;
      case 'ArrowUp':
        focus(at - 1);
        break;
      case 'Home':
        focus(0);
        break;
      case 'End':
        focus(list.length - 1);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        close(false);
        return;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <span className="tree-actions">
      <button
        ref={button}
        type="button"
        className="icon-button tree-actions-button"
        aria-label={`Actions for ${props.name}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        tabIndex={props.tabbable || open ? 0 : -1}
        draggable={false}
        onClick={(event) => {
          event.stopPropagation();
          setOpen((was) => !was);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            event.stopPropagation();
            setOpen(true);
          }
        }}
      >
        ⋯
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label={`Actions for ${props.name}`}
          className="tree-menu"
          onKeyDown={onMenuKey}
          onClick={(event) => event.stopPropagation()}
        >
          {props.actions.map((action) => (
            <button
              key={action.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={`tree-menu-item${action.danger ? ' danger' : ''}`}
              onClick={() => {
                close(true);
                action.run();
              }}
            >
              {action.label}
            </button>
          ))}
        </div>
      )}
    </span>
  );
}
