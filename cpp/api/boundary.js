// The JS side of the API boundary, linked into both modules (dropout_core and
// dropout_families; each guards the classes and functions it has) with --post-js (so
// it shares the module's scope with the EM_JS functions of cpp/api/).
//
// Every function the bindings export is wrapped here:
//   1. its arguments are copied into inert data: plain objects (null
//      prototype), arrays, fresh Float32Array / Float64Array copies and
//      primitives. Getters, proxies and toString methods run here, in JS,
//      before any C++ frame exists; anything else (a Map, a BigInt64Array, a
//      class instance, a cycle, more than MAX_VALUES values) is refused with
//      an Error that names the argument;
//   2. the C++ function runs; it never throws, it reports a refusal in
//      dpPendingError (bindings.cpp) and returns normally, so its stack frame
//      and its handles to the arguments are released as on any return;
//   3. a reported refusal is thrown as a JS Error.
// See cpp/api/js_error.hpp for why C++ must not throw into JS.

var dpPendingError = null;

var dpBoundary = (function () {
  var MAX_VALUES = 16777216; // the same limit as kMaxValues in js_read.hpp
  var MAX_DEPTH = 6;
  var typedArrayProto = Object.getPrototypeOf(Int8Array.prototype);
  var typedArrayTag = Object.getOwnPropertyDescriptor(typedArrayProto, Symbol.toStringTag).get;
  var typedArrayLength = Object.getOwnPropertyDescriptor(typedArrayProto, 'length').get;
  var typedArraySet = typedArrayProto.set;

  // The path of the value being copied ("config.layers[1].units") is kept as a
  // stack of keys and only joined into a string for a message.
  function pathOf(stack) {
    var s = stack[0];
    for (var i = 1; i < stack.length; i++) s += typeof stack[i] === 'number' ? '[' + stack[i] + ']' : '.' + stack[i];
    return s;
  }

  function Refusal(message) {
    this.message = message;
  }

  function refuse(stack, what) {
    throw new Refusal(
      pathOf(stack) +
        ' is ' +
        what +
        '; the API takes plain objects, arrays, Float32Array, Float64Array, numbers and strings',
    );
  }

  function take(budget, n, stack) {
    budget.left -= n;
    if (budget.left < 0)
      throw new Refusal(pathOf(stack) + ' is too large: the limit is ' + MAX_VALUES + ' values per call');
  }

  function copy(value, stack, budget) {
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'function') refuse(stack, 'a function');
      if (typeof value === 'bigint') refuse(stack, 'a BigInt (' + String(value) + 'n)');
      if (typeof value === 'symbol') refuse(stack, 'a symbol');
      return value;
    }
    if (stack.length > MAX_DEPTH) refuse(stack, 'nested more than ' + MAX_DEPTH + ' levels deep (or circular)');
    var tag = typedArrayTag.call(value); // reads the internal slot: a subclass's getters never run
    if (tag !== undefined) {
      if (tag !== 'Float32Array' && tag !== 'Float64Array') refuse(stack, 'a ' + tag);
      var n = typedArrayLength.call(value);
      take(budget, n, stack);
      var out = tag === 'Float32Array' ? new Float32Array(n) : new Float64Array(n);
      typedArraySet.call(out, value);
      return out;
    }
    if (Array.isArray(value)) {
      var length = value.length;
      take(budget, length, stack);
      var arr = new Array(length);
      for (var i = 0; i < length; i++) {
        var item = value[i];
        var type = typeof item;
        if (type === 'number' || type === 'string' || type === 'boolean' || item == null) {
          arr[i] = item; // the common case, without a call
        } else {
          stack.push(i);
          arr[i] = copy(item, stack, budget);
          stack.pop();
        }
      }
      return arr;
    }
    var proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      var name = proto && proto.constructor && typeof proto.constructor.name === 'string' ? proto.constructor.name : '';
      refuse(stack, name ? 'a ' + name : 'not a plain object');
    }
    var keys = Object.keys(value);
    take(budget, keys.length, stack);
    var obj = Object.create(null); // a key "__proto__" stays a key
    for (var k = 0; k < keys.length; k++) {
      stack.push(keys[k]);
      obj[keys[k]] = copy(value[keys[k]], stack, budget);
      stack.pop();
    }
    return obj;
  }

  function inertArguments(args, names, call) {
    var budget = { left: MAX_VALUES };
    var out = new Array(args.length);
    for (var i = 0; i < args.length; i++) {
      var stack = [call + ': ' + (names[i] || 'argument ' + (i + 1))];
      try {
        out[i] = copy(args[i], stack, budget);
      } catch (e) {
        if (e instanceof Refusal) throw new Error(e.message);
        // A getter, a proxy trap or a toString of the caller's threw while we read.
        throw new Error(pathOf(stack) + ' could not be read: ' + (e instanceof Error ? e.message : String(e)));
      }
    }
    return out;
  }

  function takeError() {
    var message = dpPendingError;
    dpPendingError = null;
    return message;
  }

  function guard(fn, names, call) {
    return function () {
      if (arguments.length !== names.length) {
        var expected = names.length === 0 ? 'no arguments' : names.length + ' (' + names.join(', ') + ')';
        throw new Error(call + ' takes ' + expected + ', got ' + arguments.length);
      }
      if (this && typeof this.isDeleted === 'function' && this.isDeleted())
        throw new Error(call + ': this network was deleted');
      var args = inertArguments(arguments, names, call);
      dpPendingError = null;
      var result;
      try {
        result = fn.apply(this, args);
      } catch (e) {
        // Nothing may throw once C++ runs (its frames would never be unwound):
        // this is a bug of the bindings, and the fuzz test looks for it.
        throw new Error('internal error in ' + call + ' (please report): ' + (e && e.message ? e.message : e));
      }
      var message = takeError();
      if (message !== null) throw new Error(message);
      return result;
    };
  }

  // Argument names for messages; functions not listed get "argument N".
  var NETWORK_METHODS = {
    config: [],
    setData: ['dataset'],
    train: ['steps'],
    evaluate: [],
    pointLosses: ['set'],
    predict: ['x'],
    predictThinned: ['x', 'seed'],
    thinnedMasks: ['seed'],
    predictMC: ['x', 'passes'],
    predictGrid: ['options'],
    unitGrid: ['options'],
    masks: [],
    weights: [],
    activationStats: ['x'],
    unitAblation: ['set'],
    setSilenced: ['units'],
    silenced: [],
    update: ['settings'],
    snapshot: [],
  };
  var CONV_METHODS = {
    config: [],
    setData: ['data'],
    train: ['steps'],
    evaluate: [],
    predict: ['x'],
    predictMC: ['x', 'passes'],
    masks: ['example'],
    featureMaps: ['image'],
    filters: [],
    update: ['settings'],
  };
  var RECURRENT_METHODS = {
    config: [],
    setData: ['data'],
    train: ['steps'],
    evaluate: [],
    predict: ['x', 'steps'],
    masks: ['example'],
    hiddenStates: ['x'],
    update: ['settings'],
  };
  var MODULE_FUNCTIONS = {
    makeDataset: ['spec'],
    makeGlyphs: ['spec'],
    makeSequences: ['spec'],
    datasetNames: [],
    memoryStats: [],
  };

  // Replaces Module[name], an Embind class, by a guarded one: new Name(config)
  // is checked like any call, and so is every method.
  function installClass(name, methods, label) {
    var Raw = Module[name];
    if (!Raw) return null; // the other module's class
    var proto = Raw.prototype;
    Object.keys(methods).forEach(function (m) {
      proto[m] = guard(proto[m], methods[m], label + '.' + m);
    });
    var construct = guard(
      function (config) {
        return new Raw(config);
      },
      ['config'],
      'new ' + name,
    );
    function Guarded(config) {
      if (!new.target) throw new TypeError(name + " is a class: use 'new " + name + "(config)'");
      return construct.apply(undefined, arguments);
    }
    Object.defineProperty(Guarded, 'name', { value: name });
    Guarded.prototype = proto;
    Module[name] = Guarded;
    return { Raw: Raw, Guarded: Guarded };
  }

  function install() {
    var network = installClass('Network', NETWORK_METHODS, 'network');
    if (network) network.Guarded.restore = guard(network.Raw['restore'], ['snapshot'], 'Network.restore');
    installClass('ConvNetwork', CONV_METHODS, 'convNetwork');
    installClass('RecurrentNetwork', RECURRENT_METHODS, 'recurrentNetwork');
    Object.keys(MODULE_FUNCTIONS).forEach(function (name) {
      if (Module[name]) Module[name] = guard(Module[name], MODULE_FUNCTIONS[name], name);
    });
  }

  return { install: install };
})();

if (runtimeInitialized) dpBoundary.install();
else addOnPostRun(dpBoundary.install);
