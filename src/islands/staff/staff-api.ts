/**
 * The console's only door to /api/staff. Every call goes through `callApi`, so a lapsed session,
 * a refused transition (409) or a dropped connection each reach the person as one plain Chinese
 * sentence instead of a stack of special cases in every form.
 */

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; message: string; fields: Record<string, string> };

const FALLBACK: Record<number, string> = {
  400: '提交的内容不完整或格式不对，请检查后再试。',
  401: '您尚未登录或登录已过期，请重新登录。',
  403: '您没有进行这项操作的权限。如需权限，请联系管理员。',
  404: '没有找到这条记录，可能已被删除或链接有误。请返回列表重新打开。',
  409: '该事项的状态已经变化，这项操作现在不能进行。请刷新页面查看最新状态。',
  422: '填写的内容有误，请按提示修改后再提交。',
  429: '操作太频繁，请稍等几分钟再试。',
};

/** Per-field messages of a refused form (`fields` or `errors`: field name -> Chinese message). */
function fieldsOf(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null) return {};
  const b = body as Record<string, unknown>;
  const raw = b['fields'] ?? b['errors'];
  if (typeof raw !== 'object' || raw === null) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

function messageOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  for (const key of ['message', 'error']) {
    const v = b[key];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  // Field errors alone: show them all, the person fixes them in one go.
  const texts = Object.values(fieldsOf(body));
  return texts.length > 0 ? texts.join('；') : null;
}

export async function callApi<T>(
  path: string,
  init: { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; body?: unknown; form?: FormData } = {},
): Promise<ApiResult<T>> {
  const sending = init.body !== undefined || init.form !== undefined;
  const method = init.method ?? (sending ? 'POST' : 'GET');
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        // A FormData body sets its own multipart boundary.
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: init.form ?? (init.body === undefined ? null : JSON.stringify(init.body)),
    });
  } catch {
    return {
      ok: false,
      status: 0,
      message: '网络连接出了问题，请检查网络后再试。您填写的内容还在页面上。',
      fields: {},
    };
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) return { ok: true, status: res.status, data: body as T };
  return {
    ok: false,
    status: res.status,
    message: messageOf(body) ?? FALLBACK[res.status] ?? '系统暂时无法处理，请稍后再试。您填写的内容还在页面上。',
    fields: fieldsOf(body),
  };
}

/** The sign-in page (served by functions/staff/login); after signing in it opens the inbox. */
export const LOGIN_HREF = '/staff/login/';
