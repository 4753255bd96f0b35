import { countHtmlFile } from '../documents/html-file';
import { toProblem } from '../documents/problems';
import { readInput } from '../documents/read-input';
import type { DocumentInput, DocumentProblem } from '../documents/types';

export interface MeasuredPage {
  name: string;
  chars: number | null;
  problem: DocumentProblem | null;
}

const MAX_SAMPLE_BYTES = 20 * 1024 * 1024;

/** Cleaned visible characters of saved web pages (the same HTML rules as document estimates). */
export async function measureSavedPages(inputs: readonly DocumentInput[]): Promise<MeasuredPage[]> {
  const measured: MeasuredPage[] = [];
  for (const input of inputs) {
    const name = 'bytes' in input ? input.name : (input.name ?? input.path);
    try {
      const { bytes } = await readInput(input, MAX_SAMPLE_BYTES, false, () => undefined);
      measured.push({ name, chars: countHtmlFile(bytes, () => undefined).chars, problem: null });
    } catch (error) {
      measured.push({ name, chars: null, problem: toProblem(error, 'saved page') });
    }
  }
  return measured;
}
