/**
 * 语音阅读 on the guides and the regulation (issue 11, finding 11): the browser's own speech synthesis
 * reads the article aloud in zh-CN; nothing is sent to any service. The controls stay `hidden` unless
 * the browser has speechSynthesis, so a page without script, or without speech, shows nothing that
 * does nothing. Nothing speaks until the button is pressed.
 */

/** What is never read: the chrome inside the article and anything the page hides. */
const SKIP = '[data-pagefind-ignore], [hidden], script, style, template, .visually-hidden, .read-aloud';
/** Elements whose text is read as a unit of its own (a pause falls between two of them). */
const BLOCK =
  /^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|DD|DETAILS|DIV|DL|DT|FIGCAPTION|FIGURE|FOOTER|H[1-6]|HEADER|LI|MAIN|NAV|OL|P|PRE|SECTION|SUMMARY|TABLE|TD|TH|TR|UL)$/;
/**
 * Chromium stops an utterance after about 15 seconds and some phones read nothing from a long one,
 * so the text goes out in pieces of at most this many characters, cut after a sentence where possible.
 */
const PIECE = 120;

const LABELS = {
  start: '语音阅读',
  stop: '停止朗读',
  pause: '暂停',
  resume: '继续朗读',
  reading: '正在朗读本页正文。',
  paused: '已暂停朗读。',
  stopped: '已停止朗读。',
  done: '本页正文已读完。',
  failed: '朗读出错，浏览器未能读出本页。',
} as const;

/** The article's text, block by block, leaving out what SKIP names. */
export function articleBlocks(root: Element): string[] {
  const blocks: string[] = [];
  let current = '';
  const flush = () => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text) blocks.push(text);
    current = '';
  };
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      current += node.textContent ?? '';
      return;
    }
    if (!(node instanceof Element) || node.matches(SKIP)) return;
    const block = BLOCK.test(node.tagName);
    if (block) flush();
    for (const child of node.childNodes) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return blocks;
}

/** Splits the blocks into pieces short enough to be spoken whole. */
export function speechPieces(blocks: readonly string[], max = PIECE): string[] {
  const out: string[] = [];
  for (const block of blocks) {
    const sentences = block.match(/[^。！？；!?;]+[。！？；!?;]*[”」』）)]*/g) ?? [block];
    let piece = '';
    for (const sentence of sentences) {
      if (piece && piece.length + sentence.length > max) {
        out.push(piece);
        piece = '';
      }
      piece += sentence;
      while (piece.length > max) {
        const cut = Math.max(piece.lastIndexOf('，', max), piece.lastIndexOf('、', max));
        const at = cut > max / 2 ? cut + 1 : max;
        out.push(piece.slice(0, at));
        piece = piece.slice(at);
      }
    }
    if (piece.trim()) out.push(piece);
  }
  return out;
}

function chineseVoice(synth: SpeechSynthesis): SpeechSynthesisVoice | undefined {
  const voices = synth.getVoices();
  const lang = (v: SpeechSynthesisVoice) => v.lang.replace('_', '-').toLowerCase();
  return voices.find((v) => lang(v) === 'zh-cn') ?? voices.find((v) => lang(v).startsWith('zh'));
}

export function setUpReadAloud(): void {
  const controls = document.querySelector<HTMLElement>('.read-aloud');
  const toggle = controls?.querySelector<HTMLButtonElement>('[data-read-aloud="toggle"]');
  const pause = controls?.querySelector<HTMLButtonElement>('[data-read-aloud="pause"]');
  const status = controls?.querySelector<HTMLElement>('[data-read-aloud="status"]');
  const article = document.querySelector('[data-pagefind-body]');
  if (!controls || !toggle || !pause || !status || !article) return;
  if (!('speechSynthesis' in window) || typeof SpeechSynthesisUtterance !== 'function') return;
  const synth = window.speechSynthesis;

  // Each start gets a number, so that the end event of a cancelled piece never moves a newer reading on.
  let run = 0;
  let reading = false;
  let paused = false;

  const show = (message: string) => {
    toggle.textContent = reading ? LABELS.stop : LABELS.start;
    toggle.setAttribute('aria-pressed', String(reading));
    pause.hidden = !reading;
    pause.textContent = paused ? LABELS.resume : LABELS.pause;
    pause.setAttribute('aria-pressed', String(paused));
    status.textContent = message;
  };

  const stop = (message: string) => {
    run++;
    reading = false;
    paused = false;
    synth.cancel();
    show(message);
  };

  const start = () => {
    const pieces = speechPieces(articleBlocks(article));
    if (!pieces.length) return;
    synth.cancel();
    const mine = ++run;
    reading = true;
    paused = false;
    const voice = chineseVoice(synth);
    const speak = (i: number) => {
      if (mine !== run) return;
      const text = pieces[i];
      if (text === undefined) {
        stop(LABELS.done);
        return;
      }
      const u = new SpeechSynthesisUtterance(text);
      u.lang = 'zh-CN';
      if (voice) u.voice = voice;
      u.rate = 0.9;
      u.addEventListener('end', () => speak(i + 1));
      u.addEventListener('error', (e) => {
        // A cancel (stop, or a new start) ends the piece with 'interrupted' or 'canceled': not a fault.
        if (mine === run && e.error !== 'interrupted' && e.error !== 'canceled') stop(LABELS.failed);
      });
      synth.speak(u);
    };
    show(LABELS.reading);
    speak(0);
  };

  toggle.addEventListener('click', () => (reading ? stop(LABELS.stopped) : start()));
  pause.addEventListener('click', () => {
    if (!reading) return;
    paused = !paused;
    if (paused) synth.pause();
    else synth.resume();
    show(paused ? LABELS.paused : LABELS.reading);
  });
  // Some browsers go on speaking after the page is left.
  window.addEventListener('pagehide', () => {
    if (reading) stop('');
  });
  show('');
  controls.hidden = false;
}
