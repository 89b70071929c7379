/**
 * One tab of a WAI-ARIA tablist whose selection follows focus (see tablist-keys.ts): only the
 * selected tab is in the Tab order, and a click or an arrow key selects it. The response pane's
 * parts, the sidebar's views and the open requests' row all draw their tabs with it, so the roles,
 * the roving tabIndex and aria-selected are written once.
 */
import type { ButtonHTMLAttributes, ReactNode } from 'react';

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'role' | 'type' | 'tabIndex' | 'onClick'> & {
  selected: boolean;
  onSelect(): void;
  children: ReactNode;
};

export function TabButton({ selected, onSelect, className = 'tab', children, ...rest }: Props) {
  return (
    <button
      {...rest}
      type="button"
      role="tab"
      className={className}
      aria-selected={selected}
      tabIndex={selected ? 0 : -1}
      onClick={onSelect}
    >
      {children}
    </button>
  );
}
