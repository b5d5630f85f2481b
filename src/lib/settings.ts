/**
 * The office's settings: one JSON file in content/ that another office edits to deploy the portal.
 * Used by the Astro build and by the functions, so it is validated here once.
 */
import { z } from 'zod';
import raw from '../../content/settings.json' with { type: 'json' };

/** The risk scales of the backlog ledger (src/lib/backlog.ts derives the grades from the choice). */
export const RISK_SCALES = ['four', 'three'] as const;

const IdNameSchema = z.object({
  /** Stable machine id (lower-case ASCII), stored in the database. */
  id: z.string().regex(/^[a-z0-9-]+$/, '请使用小写字母、数字和连字符作为编号'),
  /** Name shown to citizens, in Chinese. */
  name: z.string().min(1, '请填写名称'),
});

export const SettingsSchema = z.object({
  /** True for the demo office: every page then says plainly that it is an example. */
  isExample: z.boolean().default(false),
  office: z.object({
    /** Full name of the petition office, e.g. “某某县信访局”. */
    name: z.string().min(2),
    /** The territory the office serves (属地). */
    jurisdiction: z.string().min(1),
    /** The body one level up, to which 复查 requests go (Art. 35). */
    parentBody: z.string().min(1),
    /** Discipline inspection body that receives 检举控告 (Art. 30). */
    disciplineBody: z.string().min(1),
    /** Online reporting site of the discipline inspection body. */
    disciplineReportUrl: z.url(),
    /** Reporting phone of the discipline inspection body (12388 nationally). */
    disciplinePhone: z.string().min(3),
    /**
     * True (the default) when the office running the portal is a 信访部门 (信访局/信访办): it triages
     * what it receives within 15 days (Art. 22). False for another 机关 or 单位 that receives petitions
     * filed with it directly: its duty is then the written notice of Art. 23 ¶2, and every petition
     * it receives is recorded as direct intake (the deadlines module reads `intake: 'direct'`).
     */
    isPetitionDepartment: z.boolean().default(true),
  }),
  site: z.object({
    /** Public origin of the site, without trailing slash; used for absolute links and QR codes. */
    url: z.url(),
    /** Site title shown in the header and the browser tab. */
    title: z.string().min(1),
    /** One-sentence description for search engines and Open Graph. */
    description: z.string().min(1),
  }),
  /**
   * The identification every government website carries (《政府网站发展指引》): written into each
   * page's meta tags (SiteName, SiteDomain, SiteIDCode) and its footer. The demo values are made up
   * and marked as examples on every page while `isExample` is true.
   */
  govSite: z.object({
    /** 主办单位: the body that runs the site, as registered. */
    sponsor: z.string().min(2),
    /** 承办单位: the body that maintains it (often the office itself). */
    operator: z.string().min(2),
    /** The site's registered domain, without scheme, e.g. xinfang.example.gov.cn (meta SiteDomain). */
    domain: z.string().regex(/^[a-z0-9.-]+$/, '请填写网站域名，例如 xinfang.example.gov.cn'),
    /** 网站标识码: the 10-digit code from the 全国政府网站信息报送系统 (meta SiteIDCode). */
    siteIdCode: z.string().regex(/^[0-9A-Za-z]{10}$/, '网站标识码为 10 位'),
    /** ICP备案号 as shown in the footer, linked to the MIIT filing site. */
    icp: z.string().min(4),
    /** 公安机关备案号 as shown in the footer. */
    psb: z.string().min(4),
    /** The number alone (digits), used in the public-security filing link. */
    psbCode: z.string().regex(/^[0-9]+$/),
    /** Where the 党政机关网站标识 (the red badge) links: the registration's page at conac.cn. */
    conacUrl: z.url(),
    /** 我要纠错: the national government-website error report (linked with the site's code). */
    correctionUrl: z.url(),
  }),
  /** The channels Art. 17 and Art. 18 ¶1 require an office to publish. */
  channels: z.object({
    online: z.object({ path: z.string().startsWith('/'), note: z.string() }),
    letter: z.object({ recipient: z.string(), address: z.string(), postcode: z.string(), note: z.string() }),
    visit: z.object({ place: z.string(), hours: z.string(), transport: z.string(), accessibility: z.string() }),
    phone: z.object({ number: z.string(), hours: z.string() }),
    fax: z.object({ number: z.string() }),
    email: z.object({ address: z.email() }).optional(),
  }),
  /** Towns and sub-districts (乡镇/街道) a petition can concern (属地管理). */
  regions: z.array(IdNameSchema).min(1),
  /** Issue areas offered in the petition form and used in statistics. */
  issueAreas: z.array(IdNameSchema).min(1),
  mail: z.object({
    /** Sender shown in every email. */
    from: z.string().min(3),
    /** Staff addresses notified of each new petition. */
    staffNotify: z.array(z.email()),
  }),
  days: z.object({
    /** Day-counting rule for statutory deadlines; see src/lib/deadlines.ts. */
    rule: z.enum(['calendar', 'calendar-roll-forward']).default('calendar-roll-forward'),
    /** The rule in plain Chinese, shown next to every computed date. */
    ruleNote: z.string(),
  }),
  /** Years after closure before a case's personal data is anonymised. */
  retentionYears: z.number().int().min(1).max(30).default(5),
  /**
   * Days a mail or SMS outbox row is kept after it was queued (`npm run retention` removes older
   * rows: sent or given up, or still unsent after a whole period untried). Default 90.
   */
  outboxRetentionDays: z.number().int().min(1).max(3650).default(90),
  /** The backlog ledger (积案台账, src/lib/backlog.ts). */
  backlog: z
    .object({
      /** Risk grades the office uses: 'four' (红橙黄蓝, the default) or 'three' (红黄蓝). */
      riskScale: z.enum(RISK_SCALES).default('four'),
    })
    .default({ riskScale: 'four' }),
});

export type Settings = z.infer<typeof SettingsSchema>;

export const settings: Settings = SettingsSchema.parse(raw);

export const regionIds = settings.regions.map((r) => r.id) as [string, ...string[]];
export const issueAreaIds = settings.issueAreas.map((a) => a.id) as [string, ...string[]];

/**
 * The mark an intake event carries when the office is not a 信访部门 (settings.office
 * .isPetitionDepartment false): Art. 23 ¶2's direct intake, with its 15-day written notice.
 */
export function directIntake(): { intake?: 'direct' } {
  return settings.office.isPetitionDepartment ? {} : { intake: 'direct' };
}

export function regionName(id: string): string {
  return settings.regions.find((r) => r.id === id)?.name ?? id;
}
export function issueAreaName(id: string): string {
  return settings.issueAreas.find((a) => a.id === id)?.name ?? id;
}
