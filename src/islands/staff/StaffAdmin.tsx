/**
 * The staff list for admins: add a person, change a role, deactivate. People are never deleted,
 * because the case log names them as the ones who acted.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { callApi } from './staff-api';
import { META_PATH, STAFF_LIST_PATH, staffMemberPath } from './staff-routes';
import StaffNav, { useStaffSession } from './StaffNav';

interface Member {
  id: string;
  email: string;
  name: string;
  role: 'handler' | 'admin';
  active: boolean;
  demo: boolean;
}

type Role = { id: Member['role']; label: string };

function readRoles(body: unknown): Role[] {
  const list = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['roles'] : null;
  return Array.isArray(list) ? (list as Role[]) : [];
}

function readStaff(body: unknown): Member[] | null {
  const list = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['staff'] : null;
  return Array.isArray(list) ? (list as Member[]) : null;
}

export default function StaffAdmin() {
  const session = useStaffSession();
  const [staff, setStaff] = useState<Member[] | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [form, setForm] = useState({ name: '', email: '', role: 'handler' });
  const [busy, setBusy] = useState(false);
  // The roles come from the server's one list (STAFF_ROLES), so a new role needs no change here.
  const [roles, setRoles] = useState<Role[]>([]);
  const messageRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    const r = await callApi<unknown>(STAFF_LIST_PATH);
    if (r.ok) setStaff(readStaff(r.data) ?? []);
    else setMessage({ ok: false, text: r.message });
  }, []);

  const isAdmin = session.kind === 'signed-in' && session.me.role === 'admin';
  useEffect(() => {
    if (isAdmin) void load();
  }, [isAdmin, load]);
  // The roles do not change while the page is open: asked for once, not after every change.
  useEffect(() => {
    if (!isAdmin) return;
    void callApi<unknown>(META_PATH).then((meta) => {
      if (meta.ok) setRoles(readRoles(meta.data));
    });
  }, [isAdmin]);

  function announce(ok: boolean, text: string) {
    setMessage({ ok, text });
    requestAnimationFrame(() => messageRef.current?.focus());
  }

  async function add(e: React.SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const r = await callApi<unknown>(STAFF_LIST_PATH, { body: form });
    setBusy(false);
    if (r.ok) {
      setErrors({});
      setForm({ name: '', email: '', role: 'handler' });
      await load();
      announce(true, `已添加 ${form.name}。请告诉对方用 ${form.email} 在登录页面获取登录链接。`);
    } else {
      setErrors(r.fields);
      announce(false, r.message);
    }
  }

  async function update(m: Member, patch: Partial<Pick<Member, 'role' | 'active'>>, done: string) {
    const r = await callApi<unknown>(staffMemberPath(m.id), { method: 'PATCH', body: patch });
    if (r.ok) {
      await load();
      announce(true, done);
    } else announce(false, r.message);
  }

  if (session.kind === 'signed-in' && session.me.role !== 'admin') {
    return (
      <>
        <StaffNav session={session} current="admin" />
        <p className="status-message problem">只有管理员可以管理工作人员名单。如需调整，请联系本单位的管理员。</p>
      </>
    );
  }

  const field = (k: 'name' | 'email', label: string, type: string, hint: string) => (
    <div className={errors[k] ? 'field has-error' : 'field'}>
      <label htmlFor={`new-${k}`}>{label}</label>
      <span className="hint" id={`new-${k}-hint`}>
        {hint}
      </span>
      {errors[k] && (
        <span className="field-error" id={`new-${k}-error`}>
          <span className="visually-hidden">错误：</span>
          {errors[k]}
        </span>
      )}
      <input
        id={`new-${k}`}
        type={type}
        className="medium"
        value={form[k]}
        onChange={(e) => {
          const v = e.currentTarget.value;
          setForm((f) => ({ ...f, [k]: v }));
        }}
        aria-invalid={errors[k] ? true : undefined}
        aria-describedby={errors[k] ? `new-${k}-hint new-${k}-error` : `new-${k}-hint`}
      />
    </div>
  );

  return (
    <>
      <StaffNav session={session} current="admin" />
      {session.kind === 'signed-in' && (
        <>
          <div ref={messageRef} tabIndex={-1} role="status">
            {message && (
              <div className={message.ok ? 'status-message' : 'status-message problem'}>
                <p>{message.text}</p>
              </div>
            )}
          </div>
          <h2>现有工作人员</h2>
          {staff === null ? (
            <p>正在载入…</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">姓名</th>
                    <th scope="col">邮箱</th>
                    <th scope="col">角色</th>
                    <th scope="col">状态</th>
                    <th scope="col">操作</th>
                  </tr>
                </thead>
                <tbody>
                  {staff.map((m) => (
                    <tr key={m.id}>
                      <td>
                        {m.name}
                        {m.demo && <span className="tag internal">演示账号</span>}
                      </td>
                      <td>{m.email}</td>
                      <td>
                        <label className="visually-hidden" htmlFor={`role-${m.id}`}>
                          {m.name}的角色
                        </label>
                        <select
                          id={`role-${m.id}`}
                          value={m.role}
                          disabled={!m.active}
                          onChange={(e) => {
                            const role = e.currentTarget.value as Member['role'];
                            const label = roles.find((x) => x.id === role)?.label ?? role;
                            void update(m, { role }, `已把 ${m.name} 的角色改为${label}。`);
                          }}
                        >
                          {roles.map((r) => (
                            <option key={r.id} value={r.id}>
                              {r.label}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>{m.active ? '启用' : '已停用'}</td>
                      <td>
                        <button
                          type="button"
                          className="secondary"
                          onClick={() =>
                            void update(
                              m,
                              { active: !m.active },
                              m.active ? `已停用 ${m.name}，其登录已失效。` : `已重新启用 ${m.name}。`,
                            )
                          }
                        >
                          {m.active ? '停用' : '重新启用'}
                          <span className="visually-hidden"> {m.name}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2>添加工作人员</h2>
          <form className="staff-form" noValidate onSubmit={(e) => void add(e)}>
            {field('name', '姓名', 'text', '填写真实姓名，会显示在办理记录中。')}
            {field('email', '工作邮箱', 'email', '登录链接会发送到这个邮箱。')}
            <fieldset className={errors['role'] ? 'field has-error' : 'field'}>
              <legend>角色</legend>
              {errors['role'] && <span className="field-error">{errors['role']}</span>}
              <div className="choices">
                {roles.map((r) => (
                  <div className="choice" key={r.id}>
                    <input
                      type="radio"
                      id={`new-role-${r.id}`}
                      name="role"
                      value={r.id}
                      checked={form.role === r.id}
                      onChange={() => setForm((f) => ({ ...f, role: r.id }))}
                    />
                    <label htmlFor={`new-role-${r.id}`}>
                      {r.label}
                      <span className="choice-hint small">
                        {r.id === 'admin' ? ' 还可以管理工作人员名单' : ' 办理信访事项'}
                      </span>
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
            <div className="form-actions">
              <button type="submit" disabled={busy}>
                {busy ? '正在添加…' : '添加'}
              </button>
            </div>
          </form>
        </>
      )}
    </>
  );
}
