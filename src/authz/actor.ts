/** Who is making a request: a signed-in user, a machine token, or the local operator (CLI). */
export const roles = ['administrator', 'analyst', 'reporter', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const tokenPurposes = ['sensor', 'firewall', 'script'] as const;
export type TokenPurpose = (typeof tokenPurposes)[number];

export interface UserActor {
  type: 'user';
  userId: number;
  username: string;
  organisationId: number;
  roles: ReadonlySet<Role>;
  mustChangePassword: boolean;
}

export interface TokenActor {
  type: 'token';
  tokenId: number;
  organisationId: number;
  purpose: TokenPurpose;
  name: string;
}

/** The operator at the server's console (CLI commands): trusted like the national administrator. */
export interface SystemActor {
  type: 'system';
  label: string;
}

export type Actor = UserActor | TokenActor | SystemActor;

export function actorLabel(actor: Actor): string {
  switch (actor.type) {
    case 'user':
      return actor.username;
    case 'token':
      return `token:${actor.name}`;
    case 'system':
      return actor.label;
  }
}
