// Every /api contract, imported once so the OpenAPI document lists them all. A new endpoint adds
// its contract module here.
import './ping';
import './openapi-document';
import './signing-events';
import './documents';
