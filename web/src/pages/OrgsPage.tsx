// The home page: the visible organisation forest on the left, the selected
// organisation on the right.
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api.js';
import { ErrorBox, Loading, todayIso } from '../components/common.js';
import { CheckboxField, TextField } from '../components/fields.js';
import { useKinds } from '../components/kinds.js';
import { OrgDetailView } from '../components/OrgDetail.js';
import { OrgTree } from '../components/OrgTree.js';
import { useT } from '../i18n/index.js';
import { CHILD_PAGE, ancestorIds, browseRows, buildForest, searchRows } from '../orgTree.js';
import { navigate } from '../router.js';
import { useMe } from '../session.js';
import { useLoad } from '../useLoad.js';

/** Roots are opened on first display when there are at most this many. */
const AUTO_EXPAND_ROOTS = 30;

export function OrgsPage({ selectedId }: { selectedId: number | null }) {
  const { t, compare } = useT();
  const me = useMe();
  const kinds = useKinds();
  const [at, setAt] = useState(todayIso);
  const [includeEnded, setIncludeEnded] = useState(false);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const searchMode = deferredQuery.trim() !== '';

  const orgs = useLoad(
    (signal) => api.organisations({ at: at || null, includeEnded }, signal),
    [at, includeEnded],
  );
  const items = orgs.data?.items;
  const forest = useMemo(() => buildForest(items ?? [], compare), [items, compare]);

  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const [shown, setShown] = useState<ReadonlyMap<number | null, number>>(() => new Map());
  const initialised = useRef(false);

  // First load: open the top level so the user sees their organisation's units.
  useEffect(() => {
    if (initialised.current || !items) return;
    initialised.current = true;
    if (forest.roots.length <= AUTO_EXPAND_ROOTS) setExpanded(new Set(forest.roots.map((r) => r.id)));
  }, [items, forest]);

  // Open the path to the selected organisation so that it is on screen.
  useEffect(() => {
    if (selectedId === null || !forest.byId.has(selectedId)) return;
    const path = ancestorIds(forest, selectedId);
    setExpanded((prev) => {
      if (path.every((id) => prev.has(id))) return prev;
      const next = new Set(prev);
      for (const id of path) next.add(id);
      return next;
    });
    // A selected child beyond the first page of its siblings: show enough of them.
    const parent = forest.byId.get(selectedId)?.parentId ?? null;
    const siblings = parent !== null && forest.byId.has(parent) ? forest.children.get(parent) : forest.roots;
    const index = siblings?.findIndex((o) => o.id === selectedId) ?? -1;
    const key = parent !== null && forest.byId.has(parent) ? parent : null;
    if (index >= CHILD_PAGE) {
      setShown((prev) => {
        if ((prev.get(key) ?? CHILD_PAGE) > index) return prev;
        const next = new Map(prev);
        next.set(key, Math.ceil((index + 1) / CHILD_PAGE) * CHILD_PAGE);
        return next;
      });
    }
  }, [selectedId, forest]);

  // Nothing selected: show the user's own organisation if it is in view.
  useEffect(() => {
    if (selectedId === null && forest.byId.has(me.organisation.id)) {
      navigate(`/orgs/${me.organisation.id}`, { replace: true });
    }
  }, [selectedId, forest, me.organisation.id]);

  const search = useMemo(
    () => (searchMode ? searchRows(forest, deferredQuery) : null),
    [searchMode, forest, deferredQuery],
  );
  const rows = useMemo(
    () => search?.rows ?? browseRows(forest, expanded, (p) => shown.get(p) ?? CHILD_PAGE),
    [search, forest, expanded, shown],
  );

  const onToggle = useCallback((id: number, open: boolean) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const onShowMore = useCallback((parentId: number | null) => {
    setShown((prev) => new Map(prev).set(parentId, (prev.get(parentId) ?? CHILD_PAGE) + CHILD_PAGE));
  }, []);
  const onSelect = useCallback((id: number) => navigate(`/orgs/${id}`), []);
  const parentOf = useCallback(
    (id: number) => {
      const p = forest.byId.get(id)?.parentId ?? null;
      return p !== null && forest.byId.has(p) ? p : null;
    },
    [forest],
  );

  const total = items?.length ?? 0;

  return (
    <div className="two-pane">
      <aside className="pane pane-tree" aria-label={t('orgs.treeLabel')}>
        <h1 className="pane-title">{t('orgs.title')}</h1>
        <div className="tree-controls">
          <TextField
            id="org-search"
            label={t('orgs.search')}
            type="search"
            value={query}
            onChange={setQuery}
            placeholder={t('orgs.searchPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            testId="org-search"
          />
          <div className="at-row">
            <TextField
              id="org-at"
              label={t('orgs.at')}
              type="date"
              value={at}
              onChange={setAt}
              testId="org-at"
            />
            <button
              type="button"
              className="btn btn-small"
              onClick={() => setAt(todayIso())}
              disabled={at === todayIso()}
            >
              {t('orgs.today')}
            </button>
          </div>
          <CheckboxField
            id="org-include-ended"
            label={t('orgs.includeEnded')}
            checked={includeEnded}
            onChange={setIncludeEnded}
            testId="org-include-ended"
          />
        </div>
        <p className="tree-count" role="status" aria-live="polite">
          {search
            ? search.matchCount === 0
              ? t('orgs.noResults')
              : t('orgs.searchCount', { count: search.matchCount })
            : items
              ? t('orgs.count', { count: total })
              : ''}
        </p>
        {search && search.shownCount < search.matchCount && (
          <p className="muted small">{t('orgs.searchTruncated', { shown: search.shownCount })}</p>
        )}
        {!search && total > 0 && (
          <div className="tree-tools">
            <button
              type="button"
              className="btn-link"
              onClick={() => setExpanded(new Set(forest.roots.map((r) => r.id)))}
            >
              {t('orgs.expandAll')}
            </button>
            <button type="button" className="btn-link" onClick={() => setExpanded(new Set())}>
              {t('orgs.collapseAll')}
            </button>
          </div>
        )}
        {orgs.error ? (
          <div>
            <ErrorBox error={orgs.error} />
            <button type="button" className="btn" onClick={orgs.reload}>
              {t('common.retry')}
            </button>
          </div>
        ) : orgs.loading && !items ? (
          <Loading />
        ) : total === 0 ? (
          <p className="muted">{t('orgs.empty')}</p>
        ) : (
          <div className={`tree-scroll${orgs.loading ? ' is-loading' : ''}`} aria-busy={orgs.loading}>
            <OrgTree
              rows={rows}
              searchMode={searchMode}
              selectedId={selectedId}
              at={at || todayIso()}
              kinds={kinds}
              onSelect={onSelect}
              onToggle={onToggle}
              onShowMore={onShowMore}
              parentOf={parentOf}
            />
          </div>
        )}
      </aside>
      <section className="pane pane-detail" data-testid="org-detail">
        {selectedId === null ? (
          <p className="muted">{t('orgs.selectHint')}</p>
        ) : (
          <OrgDetailView
            key={selectedId}
            id={selectedId}
            forest={forest}
            kinds={kinds}
            at={at || todayIso()}
            onTreeChanged={orgs.reload}
            onOpen={onSelect}
          />
        )}
      </section>
    </div>
  );
}
