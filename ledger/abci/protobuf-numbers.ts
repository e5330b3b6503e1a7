/**
 * Makes protobufjs represent 64-bit integers as JS numbers everywhere, defaults included (the
 * generated code is built with --force-number; without this, unset fields would default to Long
 * objects). Heights, powers and sizes stay far below 2^53. Must be imported before ./gen/abci.js.
 */
import $protobuf from 'protobufjs/minimal.js';

$protobuf.util.Long = undefined as unknown as typeof $protobuf.util.Long;
$protobuf.configure();
