exports.hello = () => "hello from pkg";
