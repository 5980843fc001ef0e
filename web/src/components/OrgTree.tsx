// The organisation tree: a flat list of visible rows with ARIA tree semantics and
// keyboard navigation (arrows, Home/End, Enter/Space), one tab stop for the whole tree.
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useT } from '../i18n/index.js';
import { CHILD_PAGE } from '../orgTree.js';
import type { TreeRow } from '../orgTree.js';
import type { Kinds } from './kinds.js';
import { KindBadge } from './kinds.js';
import { Badge } from './common.js';

function rowKey(row: TreeRow): string {
  return row.type === 'node' ? `n${row.org.id}` : `m${row.parentId ?? 'root'}`;
}

export interface OrgTreeProps {
  rows: TreeRow[];
  searchMode: boolean;
  selectedId: number | null;
  /** 'YYYY-MM-DD' the tree shows; organisations ended before it are marked. */
  at: string;
  kinds: Kinds;
  onSelect: (id: number) => void;
  onToggle: (id: number, open: boolean) => void;
  onShowMore: (parentId: number | null) => void;
  /** Id of the parent of a node (for ArrowLeft). */
  parentOf: (id: number) => number | null;
}

export function OrgTree({
  rows,
  searchMode,
  selectedId,
  at,
  kinds,
  onSelect,
  onToggle,
  onShowMore,
  parentOf,
}: OrgTreeProps) {
  const { t } = useT();
  const treeRef = useRef<HTMLDivElement>(null);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const moveFocus = useRef(false);

  // The tab stop: the focused row if still visible, else the selected row, else the first.
  const keys = rows.map(rowKey);
  const selectedKey = selectedId !== null ? `n${selectedId}` : null;
  const activeKey =
    focusKey !== null && keys.includes(focusKey)
      ? focusKey
      : selectedKey !== null && keys.includes(selectedKey)
        ? selectedKey
        : (keys[0] ?? null);

  useEffect(() => {
    if (!moveFocus.current || activeKey === null) return;
    moveFocus.current = false;
    const el = treeRef.current?.querySelector<HTMLElement>(`[data-row-key="${activeKey}"]`);
    el?.focus();
  }, [activeKey]);

  // Keep the selected organisation in view when it changes (e.g. chosen from a link).
  useEffect(() => {
    if (selectedId === null) return;
    const el = treeRef.current?.querySelector<HTMLElement>(`[data-row-key="n${selectedId}"]`);
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedId, rows.length]);

  const focusRow = (key: string | undefined) => {
    if (key === undefined) return;
    moveFocus.current = true;
    setFocusKey(key);
    // If the key did not change, the effect will not run: focus now.
    if (key === activeKey) {
      treeRef.current?.querySelector<HTMLElement>(`[data-row-key="${key}"]`)?.focus();
      moveFocus.current = false;
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const index = activeKey === null ? -1 : keys.indexOf(activeKey);
    const row = rows[index];
    if (!row) return;
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        focusRow(keys[index + 1]);
        break;
      case 'ArrowUp':
        focusRow(keys[index - 1]);
        break;
      case 'Home':
        focusRow(keys[0]);
        break;
      case 'End':
        focusRow(keys[keys.length - 1]);
        break;
      case 'ArrowRight':
        if (row.type === 'node' && row.hasChildren && !searchMode) {
          if (!row.expanded) onToggle(row.org.id, true);
          else focusRow(keys[index + 1]);
        }
        break;
      case 'ArrowLeft':
        if (row.type === 'node' && row.expanded && !searchMode) {
          onToggle(row.org.id, false);
        } else {
          const parent = row.type === 'node' ? parentOf(row.org.id) : row.parentId;
          if (parent !== null) focusRow(`n${parent}`);
        }
        break;
      case 'Enter':
      case ' ':
        if (row.type === 'node') onSelect(row.org.id);
        else onShowMore(row.parentId);
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  };

  return (
    <div
      ref={treeRef}
      className="tree"
      role="tree"
      aria-label={t('orgs.treeLabel')}
      data-testid="org-tree"
      onKeyDown={onKeyDown}
    >
      {rows.map((row) => {
        const key = rowKey(row);
        const indent = { paddingInlineStart: `${0.25 + (row.depth - 1) * 1.1}rem` };
        if (row.type === 'more') {
          return (
            <div
              key={key}
              data-row-key={key}
              role="treeitem"
              aria-level={row.depth}
              aria-selected={false}
              tabIndex={key === activeKey ? 0 : -1}
              className="tree-row tree-more"
              style={indent}
              onClick={() => onShowMore(row.parentId)}
              onFocus={() => setFocusKey(key)}
            >
              <span className="tree-toggle" aria-hidden="true" />
              <span className="link-like">
                {t('orgs.showMore', { count: Math.min(row.remaining, CHILD_PAGE), remaining: row.remaining })}
              </span>
            </div>
          );
        }
        const { org } = row;
        const selected = org.id === selectedId;
        const ended = org.validTo !== null && at !== '' && org.validTo <= at;
        const classes = ['tree-row'];
        if (selected) classes.push('selected');
        if (org.historical) classes.push('historical');
        if (ended) classes.push('ended');
        if (searchMode && row.match) classes.push('match');
        return (
          <div
            key={key}
            data-row-key={key}
            data-testid={`org-node-${org.code}`}
            data-org-id={org.id}
            role="treeitem"
            aria-level={row.depth}
            aria-setsize={row.setSize}
            aria-posinset={row.posInSet}
            aria-expanded={row.hasChildren ? row.expanded : undefined}
            aria-selected={selected}
            tabIndex={key === activeKey ? 0 : -1}
            className={classes.join(' ')}
            style={indent}
            onClick={() => {
              setFocusKey(key);
              onSelect(org.id);
            }}
            onFocus={() => setFocusKey(key)}
          >
            <span
              className="tree-toggle"
              aria-hidden="true"
              data-testid={row.hasChildren && !searchMode ? `org-toggle-${org.code}` : undefined}
              title={
                row.hasChildren && !searchMode
                  ? t(row.expanded ? 'orgs.collapse' : 'orgs.expand', { name: org.name })
                  : undefined
              }
              onClick={
                row.hasChildren && !searchMode
                  ? (e) => {
                      e.stopPropagation();
                      onToggle(org.id, !row.expanded);
                    }
                  : undefined
              }
            >
              {row.hasChildren ? (row.expanded ? '▾' : '▸') : ''}
            </span>
            <span className="tree-label">
              <span className="tree-name">{org.name}</span> <span className="tree-code">{org.code}</span>
            </span>
            <KindBadge kinds={kinds} code={org.kind} />
            {org.historical && <Badge tone="history">{t('orgs.historical')}</Badge>}
            {ended && !org.historical && <Badge tone="ended">{t('orgs.ended')}</Badge>}
          </div>
        );
      })}
    </div>
  );
}
