/**
 * The console's own navigation, who is signed in, and 退出登录. Every console island starts with it;
 * it also answers the island's first question: is anyone signed in at all.
 */
import { useEffect, useState } from 'react';
import { callApi, LOGIN_HREF } from './staff-api';
import { INTAKE_HREF, LOGOUT_PATH, ME_PATH } from './staff-routes';

export interface StaffMe {
  id: string;
  name: string;
  email: string;
  role: 'handler' | 'admin';
  roleLabel: string;
}

export type SessionState =
  { kind: 'loading' } | { kind: 'signed-in'; me: StaffMe } | { kind: 'signed-out'; message: string };

function readMe(body: unknown): StaffMe | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const s = (typeof b['staff'] === 'object' && b['staff'] !== null ? b['staff'] : b) as Record<string, unknown>;
  if (typeof s['id'] !== 'string' || typeof s['name'] !== 'string') return null;
  return {
    id: s['id'],
    name: s['name'],
    email: typeof s['email'] === 'string' ? s['email'] : '',
    role: s['role'] === 'admin' ? 'admin' : 'handler',
    roleLabel: typeof s['roleLabel'] === 'string' ? s['roleLabel'] : '',
  };
}

export function useStaffSession(): SessionState {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });
  useEffect(() => {
    void callApi<unknown>(ME_PATH).then((r) => {
      const me = r.ok ? readMe(r.data) : null;
      if (me) setState({ kind: 'signed-in', me });
      else setState({ kind: 'signed-out', message: r.ok ? '请先登录。' : r.message });
    });
  }, []);
  return state;
}

interface Props {
  session: SessionState;
  current: 'inbox' | 'case' | 'admin' | 'print' | 'intake' | 'backlog';
}

export default function StaffNav({ session, current }: Props) {
  const [problem, setProblem] = useState<string | null>(null);

  async function signOut() {
    const r = await callApi(LOGOUT_PATH, { body: {} });
    if (r.ok || r.status === 401) window.location.assign(`${LOGIN_HREF}?signedOut=1`);
    else setProblem(r.message);
  }

  if (session.kind === 'loading') return <p role="status">正在确认登录状态…</p>;
  if (session.kind === 'signed-out') {
    return (
      <div className="status-message problem" role="alert">
        <p>{session.message}</p>
        <p>
          <a href={LOGIN_HREF}>去登录</a>
        </p>
      </div>
    );
  }
  return (
    <nav className="staff-nav no-print" aria-label="工作人员后台">
      <ul>
        <li>
          <a href="/staff/" aria-current={current === 'inbox' ? 'page' : undefined}>
            待办事项
          </a>
        </li>
        <li>
          <a href={INTAKE_HREF} aria-current={current === 'intake' ? 'page' : undefined}>
            登记来信来访
          </a>
        </li>
        <li>
          <a href="/staff/backlog/" aria-current={current === 'backlog' ? 'page' : undefined}>
            积案台账
          </a>
        </li>
        {session.me.role === 'admin' && (
          <li>
            <a href="/staff/admin/" aria-current={current === 'admin' ? 'page' : undefined}>
              工作人员名单
            </a>
          </li>
        )}
        <li className="who">
          {session.me.name}
          {session.me.roleLabel && `（${session.me.roleLabel}）`}
        </li>
        <li>
          <button type="button" className="secondary" onClick={() => void signOut()}>
            退出登录
          </button>
        </li>
      </ul>
      {problem && (
        <p className="status-message problem" role="alert">
          {problem}
        </p>
      )}
    </nav>
  );
}
