// Organisation kinds (ministry, province, department…), loaded once and shown by localized name.
import { useEffect, useMemo, useState } from 'react';
import { api } from '../api.js';
import { useT } from '../i18n/index.js';
import type { OrganisationKind } from '../types.js';
import { Badge } from './common.js';

let cache: Promise<OrganisationKind[]> | null = null;

function loadKinds(): Promise<OrganisationKind[]> {
  if (!cache) {
    cache = api.organisationKinds().then(
      (r) => [...r.items].sort((a, b) => a.rank - b.rank || a.code.localeCompare(b.code)),
      (e: unknown) => {
        cache = null; // try again next time
        throw e;
      },
    );
  }
  return cache;
}

export interface Kinds {
  list: OrganisationKind[];
  name: (code: string) => string;
}

export function useKinds(): Kinds {
  const { lang } = useT();
  const [list, setList] = useState<OrganisationKind[]>([]);
  useEffect(() => {
    let live = true;
    loadKinds().then(
      (items) => {
        if (live) setList(items);
      },
      () => {
        // Without kinds the raw codes are shown; nothing else depends on them.
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return useMemo(() => {
    const byCode = new Map(list.map((k) => [k.code, k]));
    return {
      list,
      name: (code: string) => {
        const k = byCode.get(code);
        return k ? (lang === 'vi' ? k.nameVi : k.nameEn) : code;
      },
    };
  }, [list, lang]);
}

export function KindBadge({ kinds, code }: { kinds: Kinds; code: string }) {
  return (
    <Badge tone="kind" title={code}>
      {kinds.name(code)}
    </Badge>
  );
}
