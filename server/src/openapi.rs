//! The OpenAPI 3.1 description of the API, built by utoipa from the library's route table
//! (`corporate_billing::api::ROUTES`), so that code and description cannot disagree. The
//! committed copy, `server/openapi.json`, is checked against it by a test.

use corporate_billing::api::{self, Body, Kind, Method, ROUTES, Reply, Route};
use std::collections::BTreeSet;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ArrayBuilder, ComponentsBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    Content, InfoBuilder, OpenApi, OpenApiBuilder, Paths, Ref, RefOr, Required, ResponseBuilder, Schema,
};

/// The security scheme of a billing contact's session token.
const BEARER: &str = "session";

/// The description, as served at `/api/v1/openapi.json`.
pub fn description() -> OpenApi {
    let mut paths = Paths::new();
    let mut named = BTreeSet::new();
    for route in ROUTES {
        let path = format!("{}{}", api::PREFIX, route.path);
        paths.add_path_operation(path, vec![http_method(route.method)], operation(route, &mut named));
    }
    let mut components = ComponentsBuilder::new().schema("ErrorBody", error_body()).security_scheme(
        BEARER,
        SecurityScheme::Http(
            Http::builder()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some(
                    "A billing contact's session token from POST /api/v1/sessions (AUTH-6). Vendor staff and \
                         account users are authenticated by the host's own sign-on instead.",
                ))
                .build(),
        ),
    );
    for name in named {
        components = components.schema(
            name.clone(),
            ObjectBuilder::new()
                .description(Some(format!("The library's `{name}` value in its serde JSON form (see the Rust docs).")))
                .build(),
        );
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("corporate-billing API")
                .version("1")
                .description(Some(
                    "The corporate billing portal over HTTP (API-4): every operation of billing contacts, account \
                     users and vendor staff. Errors carry {code, message, field?}. A state-changing request may carry \
                     an Idempotency-Key header: a retry with the same key gets the first result (24 hours); another \
                     request under the same key is refused. Money is a decimal string, days are YYYY-MM-DD.",
                ))
                .build(),
        )
        .paths(paths)
        .components(Some(components.build()))
        .build()
}

/// The description as the pretty JSON that is committed and served.
pub fn json() -> String {
    let mut out = description().to_pretty_json().unwrap_or_default();
    out.push('\n');
    out
}

fn http_method(m: Method) -> HttpMethod {
    match m {
        Method::Get => HttpMethod::Get,
        Method::Post => HttpMethod::Post,
        Method::Put => HttpMethod::Put,
        Method::Delete => HttpMethod::Delete,
    }
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn named_ref(name: &str, named: &mut BTreeSet<String>) -> RefOr<Schema> {
    if let Some(item) = name.strip_suffix("[]") {
        return ArrayBuilder::new().items(named_ref(item, named)).build().into();
    }
    let component = match name.strip_prefix("Page<").and_then(|n| n.strip_suffix('>')) {
        Some(item) => format!("PageOf{item}"),
        None => name.to_owned(),
    };
    named.insert(component.clone());
    Ref::from_schema_name(component).into()
}

fn field_schema(kind: Kind, named: &mut BTreeSet<String>) -> RefOr<Schema> {
    match kind {
        Kind::String => string().build().into(),
        Kind::Boolean => ObjectBuilder::new().schema_type(Type::Boolean).build().into(),
        Kind::Integer => ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .build()
            .into(),
        Kind::Date => string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))).build().into(),
        Kind::Decimal => string().pattern(Some("^-?[0-9]+(\\.[0-9]+)?$")).build().into(),
        Kind::Object(name) => named_ref(name, named),
        Kind::List(name) => ArrayBuilder::new().items(named_ref(name, named)).build().into(),
    }
}

fn error_body() -> Schema {
    ObjectBuilder::new()
        .property("code", string().description(Some("The stable code, e.g. invalid_input, not_found.")))
        .required("code")
        .property("message", string().description(Some("The sentence a person reads, in the request's language.")))
        .required("message")
        .property("field", string().description(Some("For bad input: the offending field.")))
        .property("reason", string().description(Some("For bad input and conflicts: why, for developers.")))
        .build()
        .into()
}

fn operation(route: &Route, named: &mut BTreeSet<String>) -> utoipa::openapi::path::Operation {
    let mut op = OperationBuilder::new()
        .operation_id(Some(route.operation_id))
        .summary(Some(route.summary))
        .tag(route.path.split('/').nth(1).unwrap_or("api"));
    for name in route.params() {
        let schema = match name {
            "format" => string().enum_values(Some(["html", "text", "pdf"])).build(),
            "profile" => string().enum_values(Some(["factur_x", "xrechnung"])).build(),
            _ => string().format(Some(SchemaFormat::Custom("uuid".into()))).build(),
        };
        op = op.parameter(
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .schema(Some(schema)),
        );
    }
    for name in route.query {
        let schema = match *name {
            "limit" => ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)).build(),
            "overdue" | "auto_renew" => ObjectBuilder::new().schema_type(Type::Boolean).build(),
            _ => string().build(),
        };
        op = op.parameter(
            ParameterBuilder::new()
                .name(*name)
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .schema(Some(schema)),
        );
    }
    if route.keyed {
        op = op.parameter(
            ParameterBuilder::new()
                .name("Idempotency-Key")
                .parameter_in(ParameterIn::Header)
                .required(Required::False)
                .description(Some(
                    "1 to 255 visible ASCII characters; a retry with the same key gets the first result.",
                ))
                .schema(Some(string().max_length(Some(api::MAX_IDEMPOTENCY_KEY)).build())),
        );
    }
    let body = match route.body {
        Body::None => None,
        Body::Json(fields) => {
            let mut object = ObjectBuilder::new()
                .schema_type(Type::Object)
                .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::FreeForm(false)));
            for field in fields {
                object = object.property(field.name, field_schema(field.kind, named));
                if field.required {
                    object = object.required(field.name);
                }
            }
            Some(("application/json", RefOr::from(object.build())))
        }
        Body::Value(name) => Some(("application/json", named_ref(name, named))),
        Body::Xml => Some(("application/xml", string().content_media_type("application/xml").build().into())),
    };
    if let Some((media, schema)) = body {
        op = op.request_body(Some(
            RequestBodyBuilder::new().required(Some(Required::True)).content(media, Content::new(Some(schema))).build(),
        ));
    }
    let success = match route.reply {
        Reply::Json(status, name) => (
            status.to_string(),
            ResponseBuilder::new()
                .description("Success.")
                .content("application/json", Content::new(Some(named_ref(name, named)))),
        ),
        Reply::Empty => ("204".into(), ResponseBuilder::new().description("Done; no body.")),
        Reply::Document => {
            let mut response =
                ResponseBuilder::new().description("The document, with Content-Disposition naming its file.");
            for media in ["application/pdf", "text/html", "text/plain", "application/xml"] {
                response = response.content(media, Content::new(Some(string().content_media_type(media).build())));
            }
            ("200".into(), response)
        }
    };
    op = op.response(success.0, success.1.build());
    let problem = || Content::new(Some(Ref::from_schema_name("ErrorBody")));
    op = op
        .response(
            "4XX",
            ResponseBuilder::new()
                .description("Refused: code, message and, for bad input, field.")
                .content("application/json", problem())
                .build(),
        )
        .response(
            "5XX",
            ResponseBuilder::new()
                .description("busy, storage (503, retry when idempotent) or timeout.")
                .content("application/json", problem())
                .build(),
        );
    if !matches!(route.op, api::Op::SignIn | api::Op::ForgotPassword | api::Op::ResetPassword) {
        op = op
            .security(SecurityRequirement::new(BEARER, Vec::<String>::new()))
            .security(SecurityRequirement::default());
    }
    op.build()
}
