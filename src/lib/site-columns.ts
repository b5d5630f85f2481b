/**
 * The column (栏目) each page belongs to, for the ColumnName and ColumnType meta tags that
 * 《政府网站发展指引》 asks of every government web page. One list, read by the layout; the first
 * prefix that matches wins, so longer prefixes come first.
 */
export interface SiteColumn {
  /** ColumnName: the column as the navigation names it. */
  name: string;
  /** ColumnType: the kind of column (信息公开, 政务服务, 互动交流, 首页 …). */
  type: string;
}

const COLUMNS: readonly (readonly [prefix: string, column: SiteColumn])[] = [
  ['/law/', { name: '信访法规', type: '政策文件' }],
  ['/guide/', { name: '信访指南', type: '办事指南' }],
  ['/which-channel/', { name: '找对渠道', type: '办事指南' }],
  ['/schedules/', { name: '领导接访日', type: '信息公开' }],
  ['/notices/', { name: '公告', type: '通知公告' }],
  ['/petition/', { name: '网上信访', type: '互动交流' }],
  ['/track/', { name: '查询进度', type: '互动交流' }],
  ['/search/', { name: '站内搜索', type: '其他' }],
  ['/privacy/', { name: '个人信息保护说明', type: '其他' }],
  ['/staff/', { name: '工作人员', type: '其他' }],
];

export function columnOf(pathname: string): SiteColumn {
  if (pathname === '/' || pathname === '/index.html') return { name: '首页', type: '首页' };
  return COLUMNS.find(([prefix]) => pathname.startsWith(prefix))?.[1] ?? { name: '其他', type: '其他' };
}
