import type { Api, GatewayModel } from '../../model/gateway';
import { defaultStageName } from '../aws/apiDefaults';
import type { ConfigReader, ReaderContext } from '../formatReader';
import { type HclBody, parseHcl } from './hcl';
import { TerraformReader } from './terraformReader';
import { readRestApi, readRestGatewayResponses, readRestParts } from './terraformRestApis';
import { readDomains, readVpcLinks, readWafAssociations, settleVpcLinkTargets } from './terraformSharedFeatures';
import { readV2Api, readV2Parts } from './terraformV2Apis';

/*
 * A Terraform configuration (AWS provider) as the gateway model: the `.tf` files of a module
 * parsed with positions (hcl.ts), their blocks indexed and evaluated (hclExpressions.ts), then
 * the API Gateway resources read into the model by concern (terraformRestApis.ts,
 * terraformV2Apis.ts, terraformSharedFeatures.ts, terraformOpenApiBodies.ts). Nothing is
 * applied: what only exists after `terraform apply` stays symbolic, with an info finding.
 */

/** One file of a Terraform module: its text and the name locations use. */
export interface TerraformSource {
  text: string;
  file: string;
}

/** Reads one `.tf` file (Terraform reads every `.tf` file of a directory as one module; see `readTerraformModule`). */
export const readTerraform: ConfigReader = (input, context) => readTerraformModule([{ text: input.text, file: context.file }], context);

/** Reads the `.tf` files of one module together, so references between them resolve. */
export function readTerraformModule(sources: TerraformSource[], context: ReaderContext): GatewayModel {
  const items: { item: HclBody['items'][number]; text: string }[] = [];
  for (const source of sources) {
    const parsed = parseHcl(source.text, source.file);
    for (const item of parsed.body.items) items.push({ item, text: source.text });
  }
  return readModule(new TerraformReader(items, context));
}

/** Reads the module's blocks into the model, APIs in the order they are declared. */
export function readModule(reader: TerraformReader): GatewayModel {
  reader.index();
  readVpcLinks(reader);
  for (const block of reader.ofType('aws_api_gateway_rest_api')) readRestApi(reader, block);
  for (const block of reader.ofType('aws_apigatewayv2_api')) readV2Api(reader, block);
  readRestParts(reader);
  readRestGatewayResponses(reader);
  readV2Parts(reader);
  readDomains(reader);
  readWafAssociations(reader);
  settleVpcLinkTargets(reader);
  for (const api of reader.apis.values()) {
    if (api.stages.length === 0) {
      api.stages.push({ name: defaultStageName(api.type) });
      reader.findings.info('NO_STAGE', `${api.name}: no stage is declared for reader API; it is simulated on stage ${api.stages[0].name}`, api.location!);
    }
  }
  // APIs in the order they are declared.
  const apis = reader.resources.map((block) => reader.apis.get(reader.address(block))).filter((api): api is Api => api !== undefined);
  return { apis, vpcLinks: [...reader.vpcLinks.values()] };
}
