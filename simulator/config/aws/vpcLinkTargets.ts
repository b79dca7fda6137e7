import type { VpcLink } from '../../model/gateway';

/*
 * What a VPC link reaches. A REST API VPC link fronts Network Load Balancers only
 * (AWS::ApiGateway::VpcLink TargetArns; DG "Set up VPC links for REST APIs"). An HTTP API
 * VPC link names only subnets and security groups: its target shows in the integrations
 * through it, whose URI is an ALB or NLB listener ARN or a Cloud Map service ARN (DG
 * "Working with private integrations for HTTP APIs").
 */

/** A REST API VPC link's target. */
export const REST_VPC_LINK_TARGET: VpcLink['target'] = 'NLB';
/** An HTTP API VPC link's target until an integration through it shows otherwise. */
export const ASSUMED_HTTP_VPC_LINK_TARGET: VpcLink['target'] = 'ALB';

/**
 * The target kind an ARN names: a Cloud Map service (`arn:aws:servicediscovery:...`), or a
 * load balancer or listener, `.../app/...` for an ALB and `.../net/...` for an NLB
 * (`arn:aws:elasticloadbalancing:{region}:{account}:listener/app/{name}/{id}/{id}`).
 */
export function vpcLinkTargetOfArn(arn: string): VpcLink['target'] | undefined {
  if (/:servicediscovery:/.test(arn)) return 'CLOUD_MAP';
  if (/(listener|loadbalancer)\/net\//.test(arn)) return 'NLB';
  if (/(listener|loadbalancer)\/app\//.test(arn)) return 'ALB';
  return undefined;
}

/** An ELB `Type` (`application`, `network`) as a VPC link target. */
export function loadBalancerTarget(type: string | undefined): VpcLink['target'] | undefined {
  return type === 'network' ? 'NLB' : type === undefined || type === 'application' ? 'ALB' : undefined;
}

/**
 * Whether a load balancer was made by the AWS Load Balancer Controller for Kubernetes, which
 * names them `k8s-<namespace>-<name>-<hash>`: EKS runs behind it.
 */
export function isEksLoadBalancerName(name: string): boolean {
  return name.startsWith('k8s-');
}

/** The same for a load balancer or listener ARN. */
export function isEksLoadBalancerArn(arn: string): boolean {
  return /(loadbalancer|listener)\/(app|net)\/k8s-/.test(arn);
}

/**
 * An HTTP or HTTP_PROXY integration whose URI is an ARN names the target of a private
 * integration (a listener or a Cloud Map service), not a URL to call: the model's `uri` stays
 * unset and requests keep their path.
 */
export function isPrivateIntegrationTarget(uri: string): boolean {
  return uri.startsWith('arn:');
}
