/**
 * Loaded by the tracking page's script only when the server asked for a proof of work (a code that
 * strangers have guessed at too often, src/server/track-pricing.ts): solves the challenge with the
 * ALTCHA widget, then posts the same lookup again, with the solution, by itself. If anything here
 * fails, the page says so and the plain form is still there to post by hand.
 */
type WidgetElement = HTMLElementTagNameMap['altcha-widget'];

const FAILED = '安全验证没有完成。请点“查询”再试一次；也可以扫描回执上的二维码查询，或拨打信访电话。';

export async function verifyAndResubmit(box: HTMLElement, form: HTMLFormElement): Promise<void> {
  const status = box.querySelector<HTMLElement>('[data-track-verify-status]');
  const url = box.dataset['challengeUrl'];
  if (status) status.hidden = false;
  try {
    if (!url) throw new Error('no challenge');
    const { ALTCHA_LANGUAGE } = await import('../islands/altcha-widget');
    const widget = await new Promise<WidgetElement>((resolve) => {
      const el = document.createElement('altcha-widget');
      el.setAttribute('challenge', url);
      el.setAttribute('auto', 'off');
      el.setAttribute('language', ALTCHA_LANGUAGE);
      el.setAttribute(
        'configuration',
        JSON.stringify({ hideFooter: true, hideLogo: true, humanInteractionSignature: false }),
      );
      el.addEventListener('load', () => resolve(el), { once: true });
      box.appendChild(el);
    });
    const result = await widget.verify();
    if (!result?.payload) throw new Error('not solved');
    let field = form.querySelector<HTMLInputElement>('input[name="altcha"]');
    if (!field) {
      field = document.createElement('input');
      field.type = 'hidden';
      field.name = 'altcha';
      form.append(field);
    }
    field.value = result.payload;
    form.submit();
  } catch {
    if (status) status.textContent = FAILED;
  }
}
