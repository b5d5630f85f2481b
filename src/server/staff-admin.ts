/**
 * The staff list, managed by admins. Staff are never deleted (events name them as actors), only
 * deactivated; deactivating or changing a role ends the person's sessions at once.
 */
import { isDbError } from './platform/database';
import type { Database } from './platform/database';
import { z } from 'zod';
import { fieldErrors } from '../lib/field-errors';
import { endSessionsStatement, mapStaff, STAFF_ROLES, type Session, type StaffMember } from './auth';
import { CaseError } from './errors';

const StaffEmail = z
  .string({ error: '请填写电子邮箱' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: '电子邮箱格式不正确，例如 zhangsan@example.gov.cn' }));
const StaffName = z.string({ error: '请填写姓名' }).trim().min(2, '请填写完整姓名').max(40, '姓名不能超过 40 个字');
const StaffRole = z.enum(STAFF_ROLES, { error: '请选择角色：办理人员或管理员' });

export const NewStaffSchema = z.object({ email: StaffEmail, name: StaffName, role: StaffRole });
export const StaffPatchSchema = z
  .object({
    name: StaffName.optional(),
    role: StaffRole.optional(),
    active: z.boolean({ error: '启用状态应为是或否' }).optional(),
  })
  .refine((p) => p.name !== undefined || p.role !== undefined || p.active !== undefined, {
    message: '没有要修改的内容',
  });

export const ADMIN_MESSAGES = {
  duplicate: '这个邮箱已在工作人员名单中',
  notFound: '找不到这位工作人员，请刷新列表',
  lastAdmin: '至少要保留一名启用的管理员，不能停用自己或降低自己的权限',
  lastActiveAdmin:
    '至少要保留一名启用的管理员：这位是目前唯一启用的管理员，不能停用或改为办理人员。请先添加或启用另一名管理员',
} as const;

type Row = { id: string; email: string; name: string; role: 'handler' | 'admin'; active: number; demo: number };

export async function listStaff(db: Database): Promise<StaffMember[]> {
  const { results } = await db
    .prepare('SELECT id, email, name, role, active, demo FROM staff ORDER BY active DESC, name')
    .all<Row>();
  return results.map(mapStaff);
}

export async function createStaff(db: Database, body: unknown, now: Date): Promise<StaffMember> {
  const parsed = NewStaffSchema.safeParse(body);
  if (!parsed.success) throw new CaseError(400, '填写的内容有误，请按提示修改后再提交', fieldErrors(parsed.error));
  const { email, name, role } = parsed.data;
  const id = crypto.randomUUID();
  const iso = now.toISOString();
  try {
    await db
      .prepare(
        'INSERT INTO staff (id, email, name, role, active, demo, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 0, ?, ?)',
      )
      .bind(id, email, name, role, iso, iso)
      .run();
  } catch (error) {
    if (isDbError(error, 'unique'))
      throw new CaseError(409, ADMIN_MESSAGES.duplicate, { email: ADMIN_MESSAGES.duplicate });
    throw error;
  }
  return { id, email, name, role, active: true, demo: false };
}

export async function updateStaff(
  db: Database,
  session: Session,
  id: string,
  body: unknown,
  now: Date,
): Promise<StaffMember> {
  const parsed = StaffPatchSchema.safeParse(body);
  if (!parsed.success) throw new CaseError(400, '填写的内容有误，请按提示修改后再提交', fieldErrors(parsed.error));
  const current = await db
    .prepare('SELECT id, email, name, role, active, demo FROM staff WHERE id = ?')
    .bind(id)
    .first<Row>();
  if (!current) throw new CaseError(404, ADMIN_MESSAGES.notFound);
  const patch = parsed.data;
  // An admin who demotes or deactivates themselves could leave the office without anyone to manage staff.
  if (id === session.staff.id && (patch.active === false || (patch.role !== undefined && patch.role !== 'admin'))) {
    throw new CaseError(409, ADMIN_MESSAGES.lastAdmin);
  }
  const next = {
    name: patch.name ?? current.name,
    role: patch.role ?? current.role,
    active: patch.active ?? current.active === 1,
  };
  const statements = [
    db
      .prepare('UPDATE staff SET name = ?, role = ?, active = ?, updated_at = ? WHERE id = ?')
      .bind(next.name, next.role, next.active ? 1 : 0, now.toISOString(), id),
  ];
  if (!next.active || next.role !== current.role) statements.push(endSessionsStatement(db, id));
  try {
    await db.batch(statements);
  } catch (error) {
    // The database's guard (migration 0016) decides, not a count read here: two admins acting on
    // each other at once would each read the other as still active.
    if (isDbError(error, 'last-admin')) throw new CaseError(409, ADMIN_MESSAGES.lastActiveAdmin);
    throw error;
  }
  return { id, email: current.email, name: next.name, role: next.role, active: next.active, demo: current.demo === 1 };
}
