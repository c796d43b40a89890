import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Value } from 'typebox/value';
import type { AuthUser } from '../../api/auth.js';
import { CardgateError } from '../../core/errors.js';
import { hashPassword, randomPassword, verifyPassword } from '../../users/password.js';
import { checkNewPassword } from '../../users/password-policy.js';
import { DUMMY_HASH, UserName } from '../../users/store.js';
import type { Database, Queryable } from '../db/database.js';
import {
  HQ_PERMISSIONS,
  HQ_ROLES,
  isHqPermission,
  isHqRole,
  type HqPermission,
  type HqRole,
} from './roles.js';

export interface HqAccount extends AuthUser {
  role: HqRole;
  permissions: HqPermission[];
  passwordHash: string;
}

/** What the API and the CLI may show about an account. */
export interface HqAccountView {
  name: string;
  role: HqRole;
  permissions: HqPermission[];
  mustChangePassword: boolean;
  createdAt: string;
  tokens: Array<{ id: string; label: string; createdAt: string }>;
}

interface AccountRow {
  id: string;
  name: string;
  role: HqRole;
  permissions: HqPermission[];
  password_hash: string;
  must_change_password: boolean;
  created_at: Date;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('base64url');
const toAccount = (r: AccountRow): HqAccount => ({
  id: r.id,
  name: r.name,
  role: r.role,
  permissions: r.permissions,
  passwordHash: r.password_hash,
  mustChangePassword: r.must_change_password,
});
const COLUMNS = 'id, name, role, permissions, password_hash, must_change_password, created_at';
const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

function checkRole(role: string): asserts role is HqRole {
  if (!isHqRole(role)) throw new CardgateError('ROLE_INVALID', `role must be one of ${HQ_ROLES.join(', ')}`);
}
function checkPermissions(permissions: readonly string[]): asserts permissions is HqPermission[] {
  const bad = permissions.filter((p) => !isHqPermission(p));
  if (bad.length > 0)
    throw new CardgateError('PERMISSION_INVALID', `permissions must be among ${HQ_PERMISSIONS.join(', ')}`);
}

/**
 * HQ's accounts in the database, so every replica and `cardgate hq user add --db …` see the same
 * ones. The station's login model: scrypt hashes (gateway/users/password.ts), the same password
 * policy, API tokens kept only as sha256, tokens revoked with a new password or role.
 */
export class AccountStore {
  constructor(readonly db: Database) {}

  async add(input: {
    name: string;
    role: string;
    password: string;
    permissions?: readonly string[];
    mustChangePassword?: boolean;
  }): Promise<HqAccountView> {
    if (!Value.Check(UserName, input.name))
      throw new CardgateError(
        'USER_NAME_INVALID',
        'a user name is 2-32 lower-case letters, digits, dots, dashes or underscores, starting with a letter',
      );
    checkRole(input.role);
    const permissions = [...new Set(input.permissions ?? [])];
    checkPermissions(permissions);
    await checkNewPassword(input.password);
    const hash = await hashPassword(input.password);
    try {
      await this.db.query(
        `INSERT INTO accounts (id, name, role, permissions, password_hash, must_change_password)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [randomUUID(), input.name, input.role, permissions, hash, input.mustChangePassword ?? false],
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw new CardgateError('USER_EXISTS', `user ${input.name} already exists`);
      throw e;
    }
    return (await this.view(input.name))!;
  }

  /** First start with no admin: `admin` with a random one-time password (null if one exists). */
  async createInitialAdmin(): Promise<string | null> {
    const [row] = await this.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM accounts WHERE role = 'admin'",
    );
    if ((row?.n ?? 0) > 0) return null;
    const password = randomPassword();
    try {
      await this.add({ name: 'admin', role: 'admin', password, mustChangePassword: true });
    } catch (e) {
      // Another replica made it first.
      if ((e as CardgateError).code === 'USER_EXISTS') return null;
      throw e;
    }
    return password;
  }

  async get(name: string): Promise<HqAccount | undefined> {
    const [row] = await this.db.query<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE name = $1`, [name]);
    return row ? toAccount(row) : undefined;
  }

  async getById(id: string): Promise<HqAccount | undefined> {
    const [row] = await this.db.query<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE id = $1`, [id]);
    return row ? toAccount(row) : undefined;
  }

  async list(): Promise<HqAccountView[]> {
    const rows = await this.db.query<AccountRow>(`SELECT ${COLUMNS} FROM accounts ORDER BY name`);
    const tokens = await this.db.query<{ account_id: string; id: string; label: string; created_at: Date }>(
      'SELECT account_id, id, label, created_at FROM account_tokens ORDER BY created_at',
    );
    return rows.map((r) => ({
      name: r.name,
      role: r.role,
      permissions: r.permissions,
      mustChangePassword: r.must_change_password,
      createdAt: r.created_at.toISOString(),
      tokens: tokens
        .filter((t) => t.account_id === r.id)
        .map((t) => ({ id: t.id, label: t.label, createdAt: t.created_at.toISOString() })),
    }));
  }

  async view(name: string): Promise<HqAccountView | undefined> {
    return (await this.list()).find((v) => v.name === name);
  }

  /** Checks a password; an unknown name costs the same scrypt work, so timing reveals no accounts. */
  async verify(name: string, password: string): Promise<HqAccount | null> {
    const account = await this.get(name);
    const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    return account && ok ? account : null;
  }

  /** A new password; the account's API tokens go with the old one. */
  async setPassword(name: string, password: string, opts: { mustChange?: boolean } = {}): Promise<void> {
    await checkNewPassword(password);
    const hash = await hashPassword(password);
    await this.db.transaction(async (tx) => {
      const id = await this.#requireId(tx, name);
      await tx.query(
        `UPDATE accounts SET password_hash = $2, must_change_password = $3, password_changed_at = now()
          WHERE id = $1`,
        [id, hash, opts.mustChange ?? false],
      );
      await tx.query('DELETE FROM account_tokens WHERE account_id = $1', [id]);
    });
  }

  /** A new role (and permissions); tokens are revoked when the role changes. */
  async setRole(name: string, role: string, permissions?: readonly string[]): Promise<HqAccountView> {
    checkRole(role);
    if (permissions) checkPermissions(permissions);
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE name = $1 FOR UPDATE`, [
        name,
      ]);
      if (!row) throw new CardgateError('USER_NOT_FOUND', `no user ${name}`);
      if (row.role === 'admin' && role !== 'admin') await this.#keepAnAdmin(tx, 'lose its role');
      await tx.query('UPDATE accounts SET role = $2, permissions = $3 WHERE id = $1', [
        row.id,
        role,
        permissions ? [...new Set(permissions)] : row.permissions,
      ]);
      if (row.role !== role) await tx.query('DELETE FROM account_tokens WHERE account_id = $1', [row.id]);
    });
    return (await this.view(name))!;
  }

  async remove(name: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE name = $1 FOR UPDATE`, [
        name,
      ]);
      if (!row) throw new CardgateError('USER_NOT_FOUND', `no user ${name}`);
      if (row.role === 'admin') await this.#keepAnAdmin(tx, 'be removed');
      await tx.query('DELETE FROM accounts WHERE id = $1', [row.id]);
    });
  }

  /** A new API token; the clear text is returned once and never stored. */
  async createToken(name: string, label: string): Promise<{ id: string; token: string }> {
    const account = await this.get(name);
    if (!account) throw new CardgateError('USER_NOT_FOUND', `no user ${name}`);
    const id = randomBytes(6).toString('hex');
    const token = `cgt_${id}_${randomBytes(32).toString('base64url')}`;
    await this.db.query('INSERT INTO account_tokens (id, account_id, label, hash) VALUES ($1, $2, $3, $4)', [
      id,
      account.id,
      label,
      sha256(token),
    ]);
    return { id, token };
  }

  async revokeToken(name: string, id: string): Promise<void> {
    const rows = await this.db.query(
      `DELETE FROM account_tokens t USING accounts a
        WHERE t.account_id = a.id AND a.name = $1 AND t.id = $2 RETURNING t.id`,
      [name, id],
    );
    if (rows.length === 0) throw new CardgateError('TOKEN_NOT_FOUND', `no token ${id} for ${name}`);
  }

  /** The account a bearer token belongs to (looked up by its hash), or null. */
  async tokenOwner(token: string): Promise<{ user: HqAccount; tokenId: string } | null> {
    const [row] = await this.db.query<AccountRow & { token_id: string }>(
      `SELECT a.id, a.name, a.role, a.permissions, a.password_hash, a.must_change_password, a.created_at,
              t.id AS token_id
         FROM account_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.hash = $1`,
      [sha256(token)],
    );
    return row ? { user: toAccount(row), tokenId: row.token_id } : null;
  }

  async #requireId(tx: Queryable, name: string): Promise<string> {
    const [row] = await tx.query<{ id: string }>('SELECT id FROM accounts WHERE name = $1', [name]);
    if (!row) throw new CardgateError('USER_NOT_FOUND', `no user ${name}`);
    return row.id;
  }

  /** Refuses (LAST_ADMIN) when the admin being changed is the only one; the rows stay locked. */
  async #keepAnAdmin(tx: Queryable, what: string): Promise<void> {
    const admins = await tx.query("SELECT id FROM accounts WHERE role = 'admin' FOR UPDATE");
    if (admins.length <= 1) throw new CardgateError('LAST_ADMIN', `the last admin account cannot ${what}`);
  }
}
