/**
 * Earlier cases that may be the same matter (重复信访), as the server found them (repeat-petitions.ts):
 * shown after registering and on the case page. Each one links to its case; a matter closed after
 * 复核 with the same facts carries the ground of Art. 36 ¶3, explained with its article. Nothing
 * here decides: staff weigh it and take the action themselves.
 */
import { channelLabel } from '../../lib/channels';
import { citationHref, citationText } from '../../lib/law-cite';
import type { RepeatMatch } from '../../lib/staff-intake';
import { formatCode } from '../../lib/tracking-code';
import { NOT_ACCEPT_GROUND_INFO } from '../../lib/workflow';
import { formatAt } from './staff-format';

const WHY_LABELS: Record<RepeatMatch['why'][number], string> = {
  'same-id': '身份证号码相同',
  'same-name-phone': '姓名和手机号码相同',
  similar: '标题或事实相似',
};

export default function RepeatList({ repeats, headingLevel = 2 }: { repeats: RepeatMatch[]; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const grounds = (['art36-3', 'art19-3'] as const).filter((g) => repeats.some((m) => m.ground === g));
  return (
    <section aria-labelledby="repeats-heading" className="repeats">
      <Heading id="repeats-heading">可能相同的事项（重复信访）</Heading>
      {repeats.length === 0 ? (
        <p>没有找到同一信访人以前的事项，也没有内容相似的事项。</p>
      ) : (
        <>
          <p>
            以下事项是同一信访人以前提出的，或者标题、事实与本件相似。是否属于重复信访、是否受理，由您按规定判断；系统不会自动拒绝。
          </p>
          {grounds.map((g) => {
            const info = NOT_ACCEPT_GROUND_INFO[g];
            return (
              <div className="notice-box repeat-ground" key={g}>
                <p>
                  <strong>{info.label}：</strong>
                  {info.explanation}（<a href={citationHref(info.basis)}>{citationText(info.basis)}</a>
                  ）下面标出的事项符合这种情形的，可以作出不予受理的决定，并告知信访人理由。
                </p>
              </div>
            );
          })}
          <ul className="repeat-list">
            {repeats.map((m) => (
              <li key={m.id}>
                <a href={`/staff/case/?id=${encodeURIComponent(m.id)}`}>{formatCode(m.code)}</a> {m.title}
                <br />
                <span className="small">
                  {m.statusLabel}，{channelLabel(m.channel)}，{formatAt(m.createdAt)} 收到；
                  {m.why.map((w) => WHY_LABELS[w]).join('、')}
                  {m.why.includes('similar') && `（相似度 ${Math.round(m.similarity * 100)}%）`}
                </span>
                {m.ground && (
                  <>
                    <br />
                    <strong className="tag">{NOT_ACCEPT_GROUND_INFO[m.ground].label}</strong> {m.basis}
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
