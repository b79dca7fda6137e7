# The built-in e-commerce shop in Terraform: the same platform as gateway.json.
#
#   shop-products      REST API, edge-optimized, AWS WAF, API keys for partners
#   shop-orders        HTTP API, Cognito JWTs, a VPC link to the order service on EKS
#   shop-order-status  WebSocket API, live order status pushed through @connections
#
# `apigw-sim routes examples/shop/main.tf` lists the same APIs and routes as gateway.json.

terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "eks_cluster_name" {
  description = "The EKS cluster the order service runs on; its ALB is made by the AWS Load Balancer Controller."
  type        = string
  default     = "shop"
}

variable "user_pool_id" {
  description = "The storefront's Cognito user pool (managed by the identity stack)."
  type        = string
  default     = "us-east-1_Sh0pUs3rs"
}

variable "partner_api_key" {
  description = "The API key handed to catalogue partners."
  type        = string
  sensitive   = true
  default     = "pk3Hq8ZrT0aWmY7dLx2VbN5sQe9GcJ1uKf4ORiPo"
}

variable "private_subnet_ids" {
  type    = list(string)
  default = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
}

variable "vpc_id" {
  type    = string
  default = "vpc-0a1b2c3d4e5f60000"
}

locals {
  tags = {
    project = "shop"
    owner   = "platform-team"
  }
  lambda_runtime = "nodejs20.x"
}

# ---------------------------------------------------------------------------
# Lambda functions
# ---------------------------------------------------------------------------

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "lambda" {
  name               = "shop-lambda"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = local.tags
}

resource "aws_lambda_function" "list_products" {
  function_name = "listProducts"
  role          = aws_iam_role.lambda.arn
  runtime       = local.lambda_runtime
  handler       = "products.list"
  filename      = "${path.module}/build/products.zip"
  tags          = local.tags
}

resource "aws_lambda_function" "get_product" {
  function_name = "getProduct"
  role          = aws_iam_role.lambda.arn
  runtime       = local.lambda_runtime
  handler       = "products.get"
  filename      = "${path.module}/build/products.zip"
  tags          = local.tags
}

resource "aws_lambda_function" "list_reviews" {
  function_name = "listReviews"
  role          = aws_iam_role.lambda.arn
  runtime       = local.lambda_runtime
  handler       = "products.reviews"
  filename      = "${path.module}/build/products.zip"
  tags          = local.tags
}

resource "aws_lambda_function" "get_stock" {
  function_name = "getStock"
  role          = aws_iam_role.lambda.arn
  runtime       = local.lambda_runtime
  handler       = "products.stock"
  filename      = "${path.module}/build/products.zip"
  tags          = local.tags
}

resource "aws_lambda_function" "create_order" {
  function_name = "createOrder"
  role          = aws_iam_role.lambda.arn
  runtime       = local.lambda_runtime
  handler       = "orders.create"
  filename      = "${path.module}/build/orders.zip"
  timeout       = 10
  tags          = local.tags
}

resource "aws_lambda_function" "on_connect" {
  function_name = "onConnect"
  role          = aws_iam_role.lambda.arn
  runtime       = local.lambda_runtime
  handler       = "status.connect"
  filename      = "${path.module}/build/status.zip"
  environment {
    variables = {
      CONNECTIONS_TABLE = aws_dynamodb_table.connections.name
    }
  }
}

resource "aws_lambda_function" "on_disconnect" {
  function_name = "onDisconnect"
  role          = aws_iam_role.lambda.arn
  runtime       = local.lambda_runtime
  handler       = "status.disconnect"
  filename      = "${path.module}/build/status.zip"
  environment {
    variables = {
      CONNECTIONS_TABLE = aws_dynamodb_table.connections.name
    }
  }
}

resource "aws_lambda_function" "subscribe_order" {
  function_name = "subscribeOrder"
  role          = aws_iam_role.lambda.arn
  runtime       = local.lambda_runtime
  handler       = "status.subscribe"
  filename      = "${path.module}/build/status.zip"
  environment {
    variables = {
      CONNECTIONS_TABLE = aws_dynamodb_table.connections.name
    }
  }
}

resource "aws_lambda_function" "on_default" {
  function_name = "onDefault"
  role          = aws_iam_role.lambda.arn
  runtime       = local.lambda_runtime
  handler       = "status.fallback"
  filename      = "${path.module}/build/status.zip"
}

resource "aws_lambda_function" "ws_authorizer" {
  function_name = "wsAuthorizer"
  role          = aws_iam_role.lambda.arn
  runtime       = local.lambda_runtime
  handler       = "auth.websocket"
  filename      = "${path.module}/build/auth.zip"
  environment {
    variables = {
      USER_POOL_ID = var.user_pool_id
    }
  }
}

# The WebSocket connection registry: connectionId -> the order it follows.
resource "aws_dynamodb_table" "connections" {
  name         = "shop-ws-connections"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "connectionId"

  attribute {
    name = "connectionId"
    type = "S"
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }
}

# ---------------------------------------------------------------------------
# shop-products: REST API
# ---------------------------------------------------------------------------

resource "aws_api_gateway_rest_api" "products" {
  name        = "shop-products"
  description = "Product catalogue"

  endpoint_configuration {
    types = ["EDGE"]
  }
}

resource "aws_api_gateway_resource" "products" {
  rest_api_id = aws_api_gateway_rest_api.products.id
  parent_id   = aws_api_gateway_rest_api.products.root_resource_id
  path_part   = "products"
}

resource "aws_api_gateway_resource" "product" {
  rest_api_id = aws_api_gateway_rest_api.products.id
  parent_id   = aws_api_gateway_resource.products.id
  path_part   = "{productId}"
}

resource "aws_api_gateway_resource" "reviews" {
  rest_api_id = aws_api_gateway_rest_api.products.id
  parent_id   = aws_api_gateway_resource.product.id
  path_part   = "reviews"
}

resource "aws_api_gateway_resource" "stock" {
  rest_api_id = aws_api_gateway_rest_api.products.id
  parent_id   = aws_api_gateway_resource.product.id
  path_part   = "stock"
}

resource "aws_api_gateway_method" "list_products" {
  rest_api_id      = aws_api_gateway_rest_api.products.id
  resource_id      = aws_api_gateway_resource.products.id
  http_method      = "GET"
  authorization    = "NONE"
  api_key_required = true
}

resource "aws_api_gateway_method" "get_product" {
  rest_api_id   = aws_api_gateway_rest_api.products.id
  resource_id   = aws_api_gateway_resource.product.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_method" "list_reviews" {
  rest_api_id   = aws_api_gateway_rest_api.products.id
  resource_id   = aws_api_gateway_resource.reviews.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_method" "get_stock" {
  rest_api_id   = aws_api_gateway_rest_api.products.id
  resource_id   = aws_api_gateway_resource.stock.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "list_products" {
  rest_api_id             = aws_api_gateway_rest_api.products.id
  resource_id             = aws_api_gateway_method.list_products.resource_id
  http_method             = aws_api_gateway_method.list_products.http_method
  integration_http_method = "POST" # Lambda is always invoked with POST
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.list_products.invoke_arn
}

resource "aws_api_gateway_integration" "get_product" {
  rest_api_id             = aws_api_gateway_rest_api.products.id
  resource_id             = aws_api_gateway_method.get_product.resource_id
  http_method             = aws_api_gateway_method.get_product.http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.get_product.invoke_arn
}

resource "aws_api_gateway_integration" "list_reviews" {
  rest_api_id             = aws_api_gateway_rest_api.products.id
  resource_id             = aws_api_gateway_method.list_reviews.resource_id
  http_method             = aws_api_gateway_method.list_reviews.http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.list_reviews.invoke_arn
}

resource "aws_api_gateway_integration" "get_stock" {
  rest_api_id             = aws_api_gateway_rest_api.products.id
  resource_id             = aws_api_gateway_method.get_stock.resource_id
  http_method             = aws_api_gateway_method.get_stock.http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.get_stock.invoke_arn
}

resource "aws_api_gateway_deployment" "products" {
  rest_api_id = aws_api_gateway_rest_api.products.id

  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.products.id,
      aws_api_gateway_resource.product.id,
      aws_api_gateway_resource.reviews.id,
      aws_api_gateway_resource.stock.id,
      aws_api_gateway_method.list_products.id,
      aws_api_gateway_method.get_product.id,
      aws_api_gateway_method.list_reviews.id,
      aws_api_gateway_method.get_stock.id,
      aws_api_gateway_integration.list_products.id,
      aws_api_gateway_integration.get_product.id,
      aws_api_gateway_integration.list_reviews.id,
      aws_api_gateway_integration.get_stock.id,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.products.id
  deployment_id = aws_api_gateway_deployment.products.id
  stage_name    = "prod"
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.products.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    throttling_rate_limit  = 1000
    throttling_burst_limit = 2000
  }
}

resource "aws_api_gateway_api_key" "partner" {
  name  = "partner"
  value = var.partner_api_key
}

resource "aws_api_gateway_usage_plan" "partners" {
  name = "partners"

  api_stages {
    api_id = aws_api_gateway_rest_api.products.id
    stage  = aws_api_gateway_stage.prod.stage_name
  }

  throttle_settings {
    rate_limit  = 50
    burst_limit = 100
  }

  quota_settings {
    limit  = 100000
    period = "DAY"
  }
}

resource "aws_api_gateway_usage_plan_key" "partner" {
  key_id        = aws_api_gateway_api_key.partner.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.partners.id
}

# API Gateway stages take a REGIONAL web ACL, edge-optimized APIs included.
resource "aws_wafv2_web_acl" "shop" {
  name  = "shop-web-acl"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "rate-limit-per-ip"
    priority = 1

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = 2000
        aggregate_key_type = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "shop-rate-limit"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "shop-web-acl"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_association" "products" {
  resource_arn = aws_api_gateway_stage.prod.arn
  web_acl_arn  = aws_wafv2_web_acl.shop.arn
}

resource "aws_lambda_permission" "products" {
  for_each = {
    list    = aws_lambda_function.list_products.function_name
    get     = aws_lambda_function.get_product.function_name
    reviews = aws_lambda_function.list_reviews.function_name
    stock   = aws_lambda_function.get_stock.function_name
  }
  statement_id  = "AllowApiGateway-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = each.value
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.products.execution_arn}/*/*"
}

# ---------------------------------------------------------------------------
# shop-orders: HTTP API
# ---------------------------------------------------------------------------

resource "aws_apigatewayv2_api" "orders" {
  name          = "shop-orders"
  protocol_type = "HTTP"

  # The web app on https://www.example.com calls the API from the browser.
  cors_configuration {
    allow_origins = ["https://www.example.com"]
    allow_methods = ["GET", "POST"]
    allow_headers = ["authorization", "content-type"]
    max_age       = 600
  }
}

resource "aws_apigatewayv2_authorizer" "shop_users" {
  api_id           = aws_apigatewayv2_api.orders.id
  authorizer_type  = "JWT"
  name             = "shop-users"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = "https://cognito-idp.${var.region}.amazonaws.com/${var.user_pool_id}"
    audience = ["shop-web-client"]
  }
}

resource "aws_apigatewayv2_integration" "create_order" {
  api_id                 = aws_apigatewayv2_api.orders.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.create_order.invoke_arn
  payload_format_version = "2.0"
}

# The order service runs on EKS behind an ALB that the AWS Load Balancer Controller made
# for its Ingress; Terraform finds it by the controller's tags.
data "aws_lb" "orders" {
  tags = {
    "elbv2.k8s.aws/cluster" = var.eks_cluster_name
    "ingress.k8s.aws/stack" = "shop/orders"
  }
}

data "aws_lb_listener" "orders_http" {
  load_balancer_arn = data.aws_lb.orders.arn
  port              = 80
}

resource "aws_security_group" "vpc_link" {
  name   = "shop-orders-vpc-link"
  vpc_id = var.vpc_id

  egress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}

resource "aws_apigatewayv2_vpc_link" "orders" {
  name               = "orders-vpc-link"
  subnet_ids         = var.private_subnet_ids
  security_group_ids = [aws_security_group.vpc_link.id]
}

resource "aws_apigatewayv2_integration" "order_service" {
  api_id             = aws_apigatewayv2_api.orders.id
  integration_type   = "HTTP_PROXY"
  integration_method = "ANY"
  integration_uri    = data.aws_lb_listener.orders_http.arn
  connection_type    = "VPC_LINK"
  connection_id      = aws_apigatewayv2_vpc_link.orders.id
}

resource "aws_apigatewayv2_route" "create_order" {
  api_id             = aws_apigatewayv2_api.orders.id
  route_key          = "POST /orders"
  target             = "integrations/${aws_apigatewayv2_integration.create_order.id}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.shop_users.id
}

resource "aws_apigatewayv2_route" "get_order" {
  api_id             = aws_apigatewayv2_api.orders.id
  route_key          = "GET /orders/{orderId}"
  target             = "integrations/${aws_apigatewayv2_integration.order_service.id}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.shop_users.id
}

resource "aws_apigatewayv2_stage" "orders" {
  api_id      = aws_apigatewayv2_api.orders.id
  name        = "$default"
  auto_deploy = true

  route_settings {
    route_key              = aws_apigatewayv2_route.create_order.route_key
    throttling_rate_limit  = 200
    throttling_burst_limit = 400
  }
}

resource "aws_lambda_permission" "create_order" {
  statement_id  = "AllowApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.create_order.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.orders.execution_arn}/*/*/orders"
}

# ---------------------------------------------------------------------------
# shop-order-status: WebSocket API
# ---------------------------------------------------------------------------

resource "aws_apigatewayv2_api" "order_status" {
  name                       = "shop-order-status"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

# Browsers cannot set headers on a WebSocket upgrade: the token comes in the query string.
resource "aws_apigatewayv2_authorizer" "ws_auth" {
  api_id           = aws_apigatewayv2_api.order_status.id
  authorizer_type  = "REQUEST"
  name             = "ws-auth"
  authorizer_uri   = aws_lambda_function.ws_authorizer.invoke_arn
  identity_sources = ["route.request.querystring.token"]
}

resource "aws_apigatewayv2_integration" "on_connect" {
  api_id           = aws_apigatewayv2_api.order_status.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.on_connect.invoke_arn
}

resource "aws_apigatewayv2_integration" "on_disconnect" {
  api_id           = aws_apigatewayv2_api.order_status.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.on_disconnect.invoke_arn
}

resource "aws_apigatewayv2_integration" "on_subscribe" {
  api_id           = aws_apigatewayv2_api.order_status.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.subscribe_order.invoke_arn
}

resource "aws_apigatewayv2_integration" "on_default" {
  api_id           = aws_apigatewayv2_api.order_status.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.on_default.invoke_arn
}

resource "aws_apigatewayv2_route" "connect" {
  api_id             = aws_apigatewayv2_api.order_status.id
  route_key          = "$connect"
  target             = "integrations/${aws_apigatewayv2_integration.on_connect.id}"
  authorization_type = "CUSTOM"
  authorizer_id      = aws_apigatewayv2_authorizer.ws_auth.id
}

resource "aws_apigatewayv2_route" "disconnect" {
  api_id    = aws_apigatewayv2_api.order_status.id
  route_key = "$disconnect"
  target    = "integrations/${aws_apigatewayv2_integration.on_disconnect.id}"
}

resource "aws_apigatewayv2_route" "subscribe" {
  api_id    = aws_apigatewayv2_api.order_status.id
  route_key = "subscribe"
  target    = "integrations/${aws_apigatewayv2_integration.on_subscribe.id}"
}

resource "aws_apigatewayv2_route" "default" {
  api_id    = aws_apigatewayv2_api.order_status.id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.on_default.id}"
}

resource "aws_apigatewayv2_stage" "production" {
  api_id      = aws_apigatewayv2_api.order_status.id
  name        = "production"
  auto_deploy = true
}

# The order service pushes status changes to subscribers through @connections.
resource "aws_iam_policy" "push_order_status" {
  name = "shop-push-order-status"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["execute-api:ManageConnections"]
      Resource = "${aws_apigatewayv2_api.order_status.execution_arn}/${aws_apigatewayv2_stage.production.name}/POST/@connections/*"
    }]
  })
}
