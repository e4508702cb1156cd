import { composeAnswer } from './answer-text.ts';
import { sampleJsonSchema } from './json-schema-sample.ts';
import { hashText, mixSeeds, SeededRandom } from './seeded-random.ts';
import { countTokens, tokenize } from './tokenizer.ts';

/**
 * The fake model, shared by every wire format: each format turns its request into a
 * GenerationRequest and renders the Generation back in its own shape. Because the model
 * only sees this neutral form, the same conversation gets the same answer and the same
 * token counts whether it arrives as OpenAI, Anthropic or Gemini.
 */

export interface PromptMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  text: string;
}

export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON Schema of the arguments (absent: an object with no declared properties). */
  parameters: unknown;
}

export type ToolChoice =
  { kind: 'none' } | { kind: 'auto' } | { kind: 'any' } | { kind: 'named'; name: string };

export type OutputFormat =
  { kind: 'text' } | { kind: 'json_object' } | { kind: 'json_schema'; schema: unknown };

export interface GenerationRequest {
  messages: PromptMessage[];
  tools: ToolDefinition[];
  toolChoice: ToolChoice;
  output: OutputFormat;
  maxTokens: number | null;
  stopSequences: string[];
  choiceCount: number;
}

/** `end`: natural end; `stop_sequence`: cut before a stop sequence; `length`: max tokens hit. */
export type FinishReason = 'end' | 'stop_sequence' | 'length' | 'tool_call';

export interface GeneratedToolCall {
  name: string;
  /** The arguments JSON text; cut short (so not valid JSON) when finishReason is `length`. */
  arguments: string;
  /** `arguments` as tokens, the pieces a stream sends one per chunk. */
  pieces: string[];
}

export interface GeneratedChoice {
  index: number;
  /** The answer text as tokens (empty when the choice is a tool call). */
  pieces: string[];
  text: string;
  toolCall: GeneratedToolCall | null;
  finishReason: FinishReason;
  stopSequence: string | null;
  completionTokens: number;
  /** Seeds the choice's ids, so that they too follow from the prompt. */
  seed: number;
}

export interface Generation {
  promptTokens: number;
  /** Summed over choices, as OpenAI bills `n`. */
  completionTokens: number;
  choices: GeneratedChoice[];
}

export interface ModelSettings {
  /** Length range of a plain-text answer, in tokens, before max_tokens and stop apply. */
  answerTokens: { min: number; max: number };
}

export const defaultModelSettings: ModelSettings = { answerTokens: { min: 20, max: 60 } };

/**
 * Prompt tokens: the tokens of every text the request carries (messages, including tool
 * calls and results, and each tool's name, description and JSON Schema text). No
 * per-message overhead, so a client can recompute the number with `countTokens`.
 */
export function countPromptTokens(request: GenerationRequest): number {
  let total = 0;
  for (const message of request.messages) total += countTokens(message.text);
  for (const tool of request.tools) {
    total += countTokens(tool.name) + countTokens(tool.description);
    total += countTokens(JSON.stringify(tool.parameters ?? {}));
  }
  return total;
}

function lastUserText(messages: PromptMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as PromptMessage;
    if (message.role === 'user') return message.text;
  }
  return messages.at(-1)?.text ?? '';
}

/**
 * Which tool to call, if any. Forced (`any`/`named`) always calls; `auto` calls only when
 * the last user message names a tool and the conversation does not end with a tool result,
 * which lets a demo trigger a call on purpose ("use get_weather") without looping.
 */
function chooseTool(request: GenerationRequest, userText: string): ToolDefinition | null {
  const { tools, toolChoice } = request;
  if (tools.length === 0 || toolChoice.kind === 'none') return null;
  if (toolChoice.kind === 'named') return tools.find((t) => t.name === toolChoice.name) ?? null;
  const mentioned = tools.find((t) => userText.includes(t.name)) ?? null;
  if (toolChoice.kind === 'any') return mentioned ?? (tools[0] as ToolDefinition);
  return request.messages.at(-1)?.role === 'tool' ? null : mentioned;
}

function earliestStop(text: string, stops: string[]): { at: number; stop: string } | null {
  let found: { at: number; stop: string } | null = null;
  for (const stop of stops) {
    if (stop.length === 0) continue;
    const at = text.indexOf(stop);
    if (at >= 0 && (found === null || at < found.at)) found = { at, stop };
  }
  return found;
}

function answerPieces(output: OutputFormat, random: SeededRandom, settings: ModelSettings) {
  const { min, max } = settings.answerTokens;
  const length = random.int(min, Math.max(min, max));
  if (output.kind === 'text') return composeAnswer(random, length);
  const value =
    output.kind === 'json_schema'
      ? sampleJsonSchema(output.schema, random)
      : { answer: composeAnswer(random, length).join('') };
  return tokenize(JSON.stringify(value));
}

function generateChoice(
  request: GenerationRequest,
  settings: ModelSettings,
  tool: ToolDefinition | null,
  index: number,
  seed: number,
): GeneratedChoice {
  const random = new SeededRandom(seed);
  const { maxTokens } = request;
  if (tool !== null) {
    const args = JSON.stringify(sampleJsonSchema(tool.parameters ?? { type: 'object' }, random));
    let pieces = tokenize(args);
    const truncated = maxTokens !== null && pieces.length > maxTokens;
    if (truncated) pieces = pieces.slice(0, maxTokens);
    return {
      index,
      pieces: [],
      text: '',
      toolCall: { name: tool.name, arguments: truncated ? pieces.join('') : args, pieces },
      finishReason: truncated ? 'length' : 'tool_call',
      stopSequence: null,
      completionTokens: pieces.length,
      seed,
    };
  }
  let pieces = answerPieces(request.output, random, settings);
  let stopSequence: string | null = null;
  if (request.stopSequences.length > 0) {
    const full = pieces.join('');
    const stop = earliestStop(full, request.stopSequences);
    if (stop !== null) {
      pieces = tokenize(full.slice(0, stop.at));
      stopSequence = stop.stop;
    }
  }
  let finishReason: FinishReason = stopSequence === null ? 'end' : 'stop_sequence';
  if (maxTokens !== null && pieces.length > maxTokens) {
    pieces = pieces.slice(0, maxTokens);
    finishReason = 'length';
    stopSequence = null;
  }
  const text = pieces.join('');
  return {
    index,
    pieces,
    text,
    toolCall: null,
    finishReason,
    stopSequence,
    completionTokens: pieces.length,
    seed,
  };
}

/**
 * Answers a request. Everything follows from a hash of the last user message: choice `i`
 * uses that seed mixed with `i`, so choice 0 of `n: 3` is the answer of `n: 1`.
 */
export function generate(request: GenerationRequest, settings: ModelSettings): Generation {
  const userText = lastUserText(request.messages);
  const baseSeed = hashText(userText);
  const tool = chooseTool(request, userText);
  const toolSeed = tool === null ? baseSeed : mixSeeds(baseSeed, hashText(tool.name));
  const choices: GeneratedChoice[] = [];
  let completionTokens = 0;
  for (let i = 0; i < request.choiceCount; i++) {
    const choice = generateChoice(request, settings, tool, i, mixSeeds(toolSeed, i));
    completionTokens += choice.completionTokens;
    choices.push(choice);
  }
  return { promptTokens: countPromptTokens(request), completionTokens, choices };
}

/**
 * The order in which a stream emits the pieces of several choices: round-robin, one piece
 * per step, the way OpenAI interleaves the chunks of `n > 1`.
 */
export function interleavedPieces(generation: Generation): Array<[choice: number, piece: string]> {
  const steps: Array<[number, string]> = [];
  const lists = generation.choices.map((c) => c.toolCall?.pieces ?? c.pieces);
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let position = 0; position < longest; position++) {
    for (let choice = 0; choice < lists.length; choice++) {
      const piece = (lists[choice] as string[])[position];
      if (piece !== undefined) steps.push([choice, piece]);
    }
  }
  return steps;
}
