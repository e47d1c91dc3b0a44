/**
 * One sentence per scenario key, for docs/scenario-reference.md (scripts/scenario-reference.ts
 * builds the table from the schema itself and fails when a key has no sentence here or a sentence
 * names no key). A full path wins over a `*.key` entry, which serves every section with that key.
 */
export const SCENARIO_KEY_DOCS: Record<string, string> = {
  version: 'The format version: 1.',
  name: 'A name for reports and the baseline key.',
  description: 'Free text for people.',
  accounts:
    'The seeded load-test accounts: `{userPrefix}{firstIndex + index}` with one password, or the rows of a CSV file.',
  'accounts.userPrefix': 'Account names are this prefix and the user index; --user-prefix wins.',
  'accounts.firstIndex': 'The number of the first account (user 0 logs in as `{userPrefix}{firstIndex}`).',
  'accounts.file':
    'A CSV file of `username,password` rows (a header row is allowed), relative to the scenario file: user i logs in with row i; the run needs a row per user.',
  'accounts.password':
    "The accounts' password (prefer passwordEnv); --password or ORDER_LOAD_GATE_PASSWORD win.",
  'accounts.passwordEnv':
    'The environment variable that holds the password (e.g. the one your seed command reads); an error when unset and no password is given.',
  basePath: "Prefixed to every request path (also the inventory's, whose messages show the whole path).",
  headers: 'Headers on every request, templated; one whose variables are not set yet is left out.',
  capture: 'Variables captured from every response that has the source (rotating CSRF tokens).',
  auth: 'How the session token goes back to the shop; omit it for cookie sessions.',
  'auth.header': 'The header name, e.g. Authorization.',
  'auth.value': 'Its templated value, e.g. "Token {{token}}".',
  unauthorized: 'Answers that mean "session expired": the shopper logs in again next iteration.',
  serverError:
    'Answers of any step that count as a server error (5xx) whatever their status, e.g. a GraphQL `errors` list or an error-code field; a step may give its own.',
  reset:
    'Optional: one request sent once per run before the preflight and the load (e.g. clearing carts left by an earlier run); templated with {{adminToken}}; a failure stops the run; a sharded run sends it from shard 1 only.',
  'reset.headers':
    'Headers of the reset request, templated ({{adminToken}}); the global headers are not sent.',
  login: 'Step 1: log in (sent once per shopper, again after an expired session).',
  'login.session': 'Where the session token ({{token}}) is in the login answer.',
  products: 'Step 2: the catalogue (shared by all shoppers, refreshed every 5 s and after an out-of-stock).',
  'products.list':
    'JSON path of the product array in the answer; "$" when the answer is the array; `items[*].variants[*]` offers every variant of every product.',
  'products.fields': 'Paths inside each product item.',
  'products.fields.id': 'The product id ({{productId}} in the cart step).',
  'products.fields.stock':
    'The stock: a JSON path, or an expression over paths with spaced operators (`stockOnHand - stockAllocated`); a value that is no number (nor a mapped word) makes the answer invalid, never "in stock".',
  'products.fields.stockWords':
    'Words the shop uses for stock, each mapped to a number of units or to `available` (in stock, amount unknown).',
  'products.fields.name': 'A name for reports.',
  'products.inStockFilter': 'Drop items whose stock is below the quantity on our side.',
  addToCart: 'Step 3: one request per product put in the cart ({{productId}}, {{quantity}}).',
  checkout:
    'Steps 4..n: the checkout requests between the cart and the order (address, shipping, payment...), in order, each with its own line in the reports; a refused one ends the iteration without an order (out of stock: sold out; else a cart failure). They count in the cart phase.',
  'checkout[].name': "The step's name (required, distinct): its line in the reports and in error samples.",
  order: 'Step 4: the order (its answer decides accepted, out of stock or failed).',
  'order.orderId': "JSON path of the accepted order's id (the integrity ledger).",
  'order.keepsCartOnFailure':
    "true when the shop keeps the cart after a refused order: lines left count in the next accepted order's ledger entry (unless emptyCart empties it).",
  emptyCart:
    'Optional: sent after a refused order or a cart that could not be filled (e.g. DELETE /cart/); on success the cart is known to be empty.',
  'emptyCart.afterLogin':
    'Also send it once after every login, so that a cart left by an earlier run is emptied first.',
  inventory:
    "The integrity check's view of the shop: stock per product and order counts ({{adminToken}} available).",
  'inventory.headers':
    'Headers of the inventory request, templated ({{adminToken}}); the global headers are not sent with it.',
  'inventory.stats.headers':
    "Headers of the stats request, added to the inventory's; templated ({{adminToken}}).",
  'inventory.list': 'JSON path of the product array in the inventory answer.',
  'inventory.fields': 'Paths inside each inventory item.',
  'inventory.fields.id': 'The product id.',
  'inventory.fields.stock':
    'The stock: a JSON path or an expression over paths (`stockOnHand - stockAllocated`); it must be a number.',
  'inventory.ordersCount': "JSON path of the shop's order count (compared with the accepted orders).",
  'inventory.unitsOrdered': "JSON path of the units in all the shop's orders.",
  'inventory.ordersByStatus': 'JSON path of an object of order counts by status.',
  'inventory.stats':
    "A second request for the shop's own statistics (e.g. GET /admin/stats/): its counts replace the inventory's; it carries the inventory's headers too.",
  'inventory.stats.ordersCount': 'JSON path of the order count in the stats answer.',
  'inventory.stats.unitsOrdered': 'JSON path of the units sold in the stats answer.',
  'inventory.stats.ordersByStatus': 'JSON path of the order counts by status in the stats answer.',
  'inventory.readOrder': "Reading an accepted order back with the buyer's session ({{orderId}}).",
  'inventory.readOrder.items': "JSON path of the order's lines.",
  'inventory.readOrder.fields': 'Paths inside each line.',
  'inventory.readOrder.fields.productId': "The line's product id.",
  'inventory.readOrder.fields.quantity': "The line's quantity.",
  'inventory.readOrder.status': "JSON path of the order's status (for --wait-processed).",
  'inventory.readOrder.processedStatus':
    'The status that means processed, or a list of them (`[PaymentAuthorized, PaymentSettled]`).',
  'inventory.readOrder.headers':
    'Headers of the read-back, templated ({{orderId}}); they replace global ones of the same name.',
  'inventory.stats.body': 'The stats request body (e.g. a GraphQL query), templated ({{adminToken}}).',
  'inventory.body': 'The inventory request body (e.g. a GraphQL query), templated ({{adminToken}}).',
  'inventory.readOrder.body': 'The read-back body (e.g. a GraphQL query with {{orderId}} in its variables).',
  'inventory.readOrder.createdAt': "JSON path of the creation date (processing time on the shop's clock).",
  'inventory.readOrder.processedAt': 'JSON path of the processing date.',
  '*.name':
    "The step's name, its line in the reports (default: the section's own: login, products, cart, order, empty cart).",
  '*.serverError':
    "Answers of this step that count as a server error (5xx); replaces the scenario's serverError.",
  '*.method': 'The HTTP method.',
  '*.path': 'The path below basePath; templated (values URL-encoded).',
  '*.headers': 'Headers of this request, templated; they replace global ones of the same name.',
  '*.bodyType': 'json, or form (application/x-www-form-urlencoded, a flat object).',
  '*.body': 'Any JSON value; strings are templates ("{{quantity}}" alone keeps the value\'s type).',
  '*.success': 'What a successful answer is (default: any 2xx).',
  '*.capture':
    "Variables captured from this step's successful answer, for the steps after it (paths, headers, bodies).",
  '*.outOfStock':
    'What a clean "sold out" answer is (status and/or body): counted apart, never as a failure; on the cart step the flow sends no order ("no order sent: sold out").',
  'matcher.status': 'Statuses that match: codes or classes; one must hold.',
  'matcher.body': 'Conditions on the answer; every one must hold.',
  'matcher.all': 'Matchers that must all hold.',
  'matcher.any': 'Matchers of which at least one must hold.',
  'matcher.body[].path': 'JSON path of the value tested (with `[*]`: one of the values must pass).',
  'matcher.body[].header': 'The response header tested instead of a JSON value.',
  'matcher.body[].exists': 'true: the value is present; false: it is absent.',
  'matcher.body[].equals':
    'Equal to this one value (text, number, true/false or null); for several use oneOf.',
  'matcher.body[].oneOf': 'Equal to one of these values.',
  'matcher.body[].contains': 'A text that contains this, or a list that has it as an element.',
  'matcher.body[].regex': 'A text matching this regular expression (JavaScript syntax).',
  'matcher.body[].gt': 'A number (or numeric text) greater than this.',
  'matcher.body[].gte': 'A number greater than or equal to this.',
  'matcher.body[].lt': 'A number less than this.',
  'matcher.body[].lte': 'A number less than or equal to this.',
};
