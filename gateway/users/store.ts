import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';
import { ROLES, type Role } from '../api/access.js';
import { CardgateError } from '../core/errors.js';
import { readFileIfExists, writeFileDurable } from '../storage/durable-file.js';
import { hashPassword, randomPassword, verifyPassword } from './password.js';
import { checkNewPassword } from './password-policy.js';

export { MIN_PASSWORD_LENGTH } from './password-policy.js';

export const RoleSchema = Type.Union([
  Type.Literal('operator'),
  Type.Literal('technician'),
  Type.Literal('admin'),
]);
const USER_NAME_PATTERN = '^[a-z][a-z0-9._-]{1,31}$';
export const UserName = Type.String({
  pattern: USER_NAME_PATTERN,
  description: 'Lower-case login name',
});

const StoredToken = Type.Object({
  id: Type.String(),
  label: Type.String(),
  /** sha256 of the token: tokens are 256-bit random, so a fast hash is enough and keeps bearer checks cheap. */
  hash: Type.String(),
  createdAt: Type.String(),
});

const StoredUser = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  passwordHash: Type.String(),
  mustChangePassword: Type.Boolean(),
  createdAt: Type.String(),
  passwordChangedAt: Type.String(),
  tokens: Type.Array(StoredToken),
});
export type StoredUser = Static<typeof StoredUser>;

const UsersFile = Type.Object({ version: Type.Literal(1), users: Type.Array(StoredUser) });
type UsersFile = Static<typeof UsersFile>;

/** What the API and the CLI may show about an account. */
export interface UserView {
  name: string;
  role: Role;
  mustChangePassword: boolean;
  createdAt: string;
  tokens: Array<{ id: string; label: string; createdAt: string }>;
}

export const toView = (u: StoredUser): UserView => ({
  name: u.name,
  role: u.role,
  mustChangePassword: u.mustChangePassword,
  createdAt: u.createdAt,
  tokens: u.tokens.map(({ id, label, createdAt }) => ({ id, label, createdAt })),
});

const sha256 = (s: string): string => createHash('sha256').update(s).digest('base64url');

/**
 * Local accounts in `<dataDir>/users.json` (mode 0600, replaced durably on every change).
 * Passwords are scrypt hashes; API tokens are stored only as hashes and shown once.
 */
export class UserStore {
  readonly path: string;
  #data: UsersFile = { version: 1, users: [] };
  #byTokenHash = new Map<string, { user: StoredUser; tokenId: string }>();
  #queue: Promise<unknown> = Promise.resolve();
  /** mtime of users.json as last read or written here: a different one means `cardgate user …` changed it. */
  #mtimeMs = 0;

  private constructor(dataDir: string) {
    this.path = join(dataDir, 'users.json');
  }

  static async open(dataDir: string): Promise<UserStore> {
    const store = new UserStore(dataDir);
    await store.reload();
    return store;
  }

  async reload(): Promise<void> {
    const buf = await readFileIfExists(this.path);
    if (buf === null) {
      this.#data = { version: 1, users: [] };
    } else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(buf.toString('utf8'));
      } catch {
        throw new CardgateError('USERS_FILE_CORRUPT', `${this.path} is not valid JSON`);
      }
      if (!Value.Check(UsersFile, parsed)) {
        throw new CardgateError('USERS_FILE_CORRUPT', `${this.path} does not match the accounts schema`);
      }
      this.#data = parsed;
    }
    this.#index();
    this.#mtimeMs = await this.#fileMtime();
  }

  /** Re-read users.json when another process (the `cardgate user` command) changed it. */
  async refreshIfChanged(): Promise<void> {
    await this.#enqueue(async () => {
      if ((await this.#fileMtime()) !== this.#mtimeMs) await this.reload();
    });
  }

  async #fileMtime(): Promise<number> {
    try {
      return (await stat(this.path)).mtimeMs;
    } catch {
      return 0;
    }
  }

  get isEmpty(): boolean {
    return this.#data.users.length === 0;
  }

  /** No admin account yet (a fresh data directory, or only accounts added with `cardgate user add`). */
  get needsInitialAdmin(): boolean {
    return !this.#data.users.some((u) => u.role === 'admin') && !this.get('admin');
  }

  list(): UserView[] {
    return this.#data.users.map(toView);
  }

  get(name: string): StoredUser | undefined {
    return this.#data.users.find((u) => u.name === name);
  }

  getById(id: string): StoredUser | undefined {
    return this.#data.users.find((u) => u.id === id);
  }

  async add(input: {
    name: string;
    role: Role;
    password: string;
    mustChangePassword?: boolean;
  }): Promise<UserView> {
    return this.#mutate(async () => {
      if (!Value.Check(UserName, input.name)) {
        throw new CardgateError('USER_NAME_INVALID', `user name must match ${USER_NAME_PATTERN}`, {
          status: 400,
        });
      }
      if (!ROLES.includes(input.role)) {
        throw new CardgateError('ROLE_INVALID', `role must be one of ${ROLES.join(', ')}`, { status: 400 });
      }
      if (this.get(input.name)) {
        throw new CardgateError('USER_EXISTS', `user ${input.name} already exists`, { status: 409 });
      }
      await checkNewPassword(input.password);
      const now = new Date().toISOString();
      const user: StoredUser = {
        id: randomUUID(),
        name: input.name,
        role: input.role,
        passwordHash: await hashPassword(input.password),
        mustChangePassword: input.mustChangePassword ?? false,
        createdAt: now,
        passwordChangedAt: now,
        tokens: [],
      };
      this.#data.users.push(user);
      return toView(user);
    });
  }

  /** First start: an `admin` with a random one-time password the caller shows once. */
  async createInitialAdmin(): Promise<string> {
    const password = randomPassword();
    await this.add({ name: 'admin', role: 'admin', password, mustChangePassword: true });
    return password;
  }

  /**
   * A new password. The account's API tokens are revoked with it: a token made while someone
   * else knew the old password must not outlive it (an admin makes new ones).
   */
  async setPassword(name: string, password: string, opts: { mustChange?: boolean } = {}): Promise<void> {
    await this.#mutate(async () => {
      const user = this.#require(name);
      await checkNewPassword(password);
      user.passwordHash = await hashPassword(password);
      user.mustChangePassword = opts.mustChange ?? false;
      user.passwordChangedAt = new Date().toISOString();
      user.tokens = [];
    });
  }

  /** A new role; the account's API tokens are revoked (they were made for the old one). */
  async setRole(name: string, role: Role): Promise<UserView> {
    return this.#mutate(async () => {
      const user = this.#require(name);
      if (!ROLES.includes(role)) {
        throw new CardgateError('ROLE_INVALID', `role must be one of ${ROLES.join(', ')}`, { status: 400 });
      }
      const admins = this.#data.users.filter((u) => u.role === 'admin');
      if (user.role === 'admin' && role !== 'admin' && admins.length === 1) {
        throw new CardgateError('LAST_ADMIN', 'the last admin account cannot lose its role', { status: 409 });
      }
      if (user.role !== role) {
        user.role = role;
        user.tokens = [];
      }
      return toView(user);
    });
  }

  async remove(name: string): Promise<void> {
    await this.#mutate(async () => {
      const user = this.#require(name);
      const admins = this.#data.users.filter((u) => u.role === 'admin');
      if (user.role === 'admin' && admins.length === 1) {
        throw new CardgateError('LAST_ADMIN', 'the last admin account cannot be removed', { status: 409 });
      }
      this.#data.users = this.#data.users.filter((u) => u !== user);
    });
  }

  /** Checks a password; the same work is done for an unknown name so timing does not reveal accounts. */
  async verify(name: string, password: string): Promise<StoredUser | null> {
    await this.refreshIfChanged();
    const user = this.get(name);
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    return user && ok ? user : null;
  }

  /** A new API token for automation; the clear text is returned once and never stored. */
  async createToken(name: string, label: string): Promise<{ id: string; token: string }> {
    return this.#mutate(async () => {
      const user = this.#require(name);
      const id = randomBytes(6).toString('hex');
      const token = `cgt_${id}_${randomBytes(32).toString('base64url')}`;
      user.tokens.push({ id, label, hash: sha256(token), createdAt: new Date().toISOString() });
      return { id, token };
    });
  }

  async revokeToken(name: string, id: string): Promise<void> {
    await this.#mutate(async () => {
      const user = this.#require(name);
      const before = user.tokens.length;
      user.tokens = user.tokens.filter((t) => t.id !== id);
      if (user.tokens.length === before) {
        throw new CardgateError('TOKEN_NOT_FOUND', `no token ${id} for ${name}`, { status: 404 });
      }
    });
  }

  /** The user a bearer token belongs to, or null. */
  userForToken(token: string): StoredUser | null {
    return this.tokenOwner(token)?.user ?? null;
  }

  /** The user a bearer token belongs to and the token's id, or null. */
  tokenOwner(token: string): { user: StoredUser; tokenId: string } | null {
    const hash = sha256(token);
    const hit = this.#byTokenHash.get(hash);
    if (!hit) return null;
    const stored = hit.user.tokens.find((t) => t.id === hit.tokenId);
    if (!stored || !timingSafeEqual(Buffer.from(stored.hash), Buffer.from(hash))) return null;
    return { user: hit.user, tokenId: stored.id };
  }

  #require(name: string): StoredUser {
    const user = this.get(name);
    if (!user) throw new CardgateError('USER_NOT_FOUND', `no user ${name}`, { status: 404 });
    return user;
  }

  #index(): void {
    this.#byTokenHash = new Map();
    for (const user of this.#data.users) {
      for (const t of user.tokens) this.#byTokenHash.set(t.hash, { user, tokenId: t.id });
    }
  }

  /** Changes run one at a time and are on disk before the caller hears back. */
  #mutate<T>(change: () => Promise<T>): Promise<T> {
    return this.#enqueue(async () => {
      // Start from the file as it is now, so a change made by `cardgate user` is not overwritten.
      if ((await this.#fileMtime()) !== this.#mtimeMs) await this.reload();
      const snapshot = structuredClone(this.#data);
      try {
        const result = await change();
        await writeFileDurable(this.path, JSON.stringify(this.#data, null, 2) + '\n', 0o600);
        this.#mtimeMs = await this.#fileMtime();
        this.#index();
        return result;
      } catch (e) {
        this.#data = snapshot;
        this.#index();
        throw e;
      }
    });
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

// A fixed hash of a random password: verifying against it costs what a real check costs.
export const DUMMY_HASH =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
