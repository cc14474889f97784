import type { BaseChatModel } from '@langchain/core/language_models/chat_models';

/**
 * Duck-typed `BaseChatModel` check (`instanceof` fails when the app and this package resolve
 * two copies of `@langchain/core`): a Runnable whose `_modelType()` is `"base_chat_model"`.
 */
export function isChatModel(value: unknown): value is BaseChatModel {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { invoke?: unknown; stream?: unknown; _modelType?: unknown };
  return (
    typeof v.invoke === 'function' &&
    typeof v.stream === 'function' &&
    typeof v._modelType === 'function' &&
    (v._modelType as () => unknown).call(value) === 'base_chat_model'
  );
}

/** How a chat model is named in reply meta and errors: its model id, and a label with its class. */
export function describeChatModel(model: BaseChatModel): { id: string; label: string } {
  const className = model.getName();
  const fields = model as unknown as { model?: unknown; modelName?: unknown };
  const id = [fields.model, fields.modelName].find((v): v is string => typeof v === 'string' && v !== '');
  return id === undefined ? { id: className, label: className } : { id, label: `${className} "${id}"` };
}
