/**
 * Attachment checks in the browser, so a person learns at once that a file will be refused instead of
 * after uploading it. The limits and the content sniffing come from the petition rules (petition-rules.ts); the
 * server repeats every check and is the authority.
 */
import { ATTACHMENT_MESSAGES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, sniffAttachmentType } from '../lib/petition-rules';

/** Size in words a person reads: 512 KB, 3.4 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Why one file cannot be attached, naming the file; null when it is fine. */
export async function checkAttachment(file: File): Promise<string | null> {
  if (file.size === 0) return `“${file.name}”：${ATTACHMENT_MESSAGES.empty}`;
  if (file.size > MAX_ATTACHMENT_BYTES)
    return `“${file.name}”（${formatSize(file.size)}）：${ATTACHMENT_MESSAGES.tooLarge}`;
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  if (!sniffAttachmentType(head)) return `“${file.name}”：${ATTACHMENT_MESSAGES.wrongType}`;
  return null;
}

/**
 * Adds the chosen files to those already attached: good files are kept up to the limit, and every
 * refused file gets its own message.
 */
export async function addAttachments(current: File[], chosen: File[]): Promise<{ files: File[]; problems: string[] }> {
  const files = [...current];
  const problems: string[] = [];
  for (const file of chosen) {
    const problem = await checkAttachment(file);
    if (problem) {
      problems.push(problem);
    } else if (files.length >= MAX_ATTACHMENTS) {
      problems.push(`“${file.name}”没有加上：${ATTACHMENT_MESSAGES.tooMany}`);
    } else {
      files.push(file);
    }
  }
  return { files, problems };
}
