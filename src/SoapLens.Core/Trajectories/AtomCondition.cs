using System.Globalization;
using System.Text;
using SoapLens.Pipeline;

namespace SoapLens.Trajectories;

/// <summary>
/// A small condition language over the atoms of one frame, for Select-Atom -Where:
/// <code>z &gt; 12 and species == Cu</code>, <code>not (fx &lt; 0.25 or fx &gt; 0.75)</code>,
/// <code>(x - 10)*(x - 10) + (y - 10)*(y - 10) &lt; 25</code>.
/// Names: x y z (Å), fx fy fz (fractional along the cell vectors), id, index (0-based position in
/// id order), species, name. Operators: + - * / ; comparisons &lt; &lt;= &gt; &gt;= == (=) != (&lt;&gt;),
/// also PowerShell's -lt -le -gt -ge -eq -ne; and/or/not (also &amp;&amp; || ! and -and -or -not);
/// parentheses; abs() and sqrt(). Species and names compare as text, case-insensitively, with a bare
/// word or a quoted string ('Cu'). Errors name the character position.
/// </summary>
public sealed class AtomCondition
{
    private readonly Node _root;

    private AtomCondition(string text, Node root)
    {
        Text = text;
        _root = root;
    }

    public string Text { get; }

    /// <summary>True when the condition uses fractional coordinates (the frame then needs a cell).</summary>
    public bool UsesFractional { get; private init; }

    public static AtomCondition Parse(string text)
    {
        var p = new Parser(text);
        var root = p.ParseAll();
        if (root.Type != ValueType.Bool)
            throw root.Type == ValueType.Word
                ? p.Error(root.Position, $"unknown name '{((TextLiteral)root).Value}'; known names: {string.Join(", ", Variable.Names)}")
                : p.Error(0, $"the condition is a {Describe(root.Type)}, not a true/false test; compare it with something (e.g. 'z > 12')");
        return new AtomCondition(text, root) { UsesFractional = p.UsesFractional };
    }

    /// <summary>Evaluates the condition for every atom of <paramref name="frame"/>.</summary>
    public bool[] Evaluate(Frame frame)
    {
        if (UsesFractional && frame.Cell is null)
            throw new SoapLensException("NoCell", ErrorKind.InvalidArgument,
                $"The condition '{Text}' uses fractional coordinates, but frame {frame.Index} has no cell.", Text);
        var ctx = new Context(frame);
        var test = _root.Bool(ctx);
        var result = new bool[frame.AtomCount];
        for (int i = 0; i < result.Length; i++) result[i] = test(i);
        return result;
    }

    public override string ToString() => Text;

    private enum ValueType { Num, Bool, Str, Word }

    private static string Describe(ValueType t) => t switch
    {
        ValueType.Num => "number",
        ValueType.Bool => "true/false test",
        _ => "text",
    };

    /// <summary>Per-frame data the compiled condition reads (fractional coordinates computed once).</summary>
    private sealed class Context
    {
        public Context(Frame frame)
        {
            Frame = frame;
            if (frame.Cell is { } cell)
            {
                var p = frame.Positions;
                Fractional = new double[p.Length];
                for (int i = 0; i < p.Length; i += 3)
                {
                    cell.ToFractional(p[i], p[i + 1], p[i + 2], out var a, out var b, out var c);
                    Fractional[i] = a; Fractional[i + 1] = b; Fractional[i + 2] = c;
                }
            }
        }

        public Frame Frame { get; }
        public double[]? Fractional { get; }
    }

    private abstract class Node
    {
        public abstract ValueType Type { get; }
        public int Position { get; init; }
        public virtual Func<int, double> Num(Context c) => throw new InvalidOperationException();
        public virtual Func<int, bool> Bool(Context c) => throw new InvalidOperationException();
        public virtual Func<int, string?> Str(Context c) => throw new InvalidOperationException();
    }

    private sealed class Constant(double value) : Node
    {
        public override ValueType Type => ValueType.Num;
        public override Func<int, double> Num(Context c) => _ => value;
    }

    /// <summary>Quoted text, or a bare word that only makes sense compared with species or name.</summary>
    private sealed class TextLiteral(string value, bool bare) : Node
    {
        public string Value => value;
        public override ValueType Type => bare ? ValueType.Word : ValueType.Str;
        public override Func<int, string?> Str(Context c) => _ => value;
    }

    private sealed class Variable(string name) : Node
    {
        public static readonly string[] Names = ["x", "y", "z", "fx", "fy", "fz", "id", "index", "species", "name"];
        public string Name => name;
        public override ValueType Type => name is "species" or "name" ? ValueType.Str : ValueType.Num;

        public override Func<int, double> Num(Context c)
        {
            var p = c.Frame.Positions;
            var f = c.Fractional;
            var ids = c.Frame.Topology.Ids;
            return name switch
            {
                "x" => i => p[3 * i],
                "y" => i => p[3 * i + 1],
                "z" => i => p[3 * i + 2],
                "fx" => i => f![3 * i],
                "fy" => i => f![3 * i + 1],
                "fz" => i => f![3 * i + 2],
                "id" => i => ids[i],
                "index" => i => i,
                _ => throw new InvalidOperationException(),
            };
        }

        public override Func<int, string?> Str(Context c)
        {
            var top = c.Frame.Topology;
            return name == "species" ? i => top.Species[i] : i => top.Names[i];
        }
    }

    private sealed class Unary(string op, Node operand) : Node
    {
        public override ValueType Type => op == "not" ? ValueType.Bool : ValueType.Num;

        public override Func<int, double> Num(Context c)
        {
            var a = operand.Num(c);
            return op switch
            {
                "-" => i => -a(i),
                "abs" => i => Math.Abs(a(i)),
                "sqrt" => i => Math.Sqrt(a(i)),
                _ => throw new InvalidOperationException(),
            };
        }

        public override Func<int, bool> Bool(Context c)
        {
            var a = operand.Bool(c);
            return i => !a(i);
        }
    }

    private sealed class Binary(string op, Node left, Node right) : Node
    {
        public override ValueType Type => op is "+" or "-" or "*" or "/" ? ValueType.Num : ValueType.Bool;

        public override Func<int, double> Num(Context c)
        {
            var a = left.Num(c);
            var b = right.Num(c);
            return op switch
            {
                "+" => i => a(i) + b(i),
                "-" => i => a(i) - b(i),
                "*" => i => a(i) * b(i),
                "/" => i => a(i) / b(i),
                _ => throw new InvalidOperationException(),
            };
        }

        public override Func<int, bool> Bool(Context c)
        {
            if (op is "and" or "or")
            {
                var p = left.Bool(c);
                var q = right.Bool(c);
                return op == "and" ? i => p(i) && q(i) : i => p(i) || q(i);
            }
            if (left.Type != ValueType.Num)
            {
                var s = left.Str(c);
                var t = right.Str(c);
                bool eq = op == "==";
                return i => string.Equals(s(i), t(i), StringComparison.OrdinalIgnoreCase) == eq;
            }
            var a = left.Num(c);
            var b = right.Num(c);
            return op switch
            {
                "<" => i => a(i) < b(i),
                "<=" => i => a(i) <= b(i),
                ">" => i => a(i) > b(i),
                ">=" => i => a(i) >= b(i),
                "==" => i => a(i) == b(i),
                "!=" => i => a(i) != b(i),
                _ => throw new InvalidOperationException(),
            };
        }
    }

    /// <summary>Recursive-descent parser; positions in errors are 1-based characters.</summary>
    private sealed class Parser
    {
        private readonly string _text;
        private readonly List<(string Kind, string Value, int Pos)> _tokens = new();
        private int _t;

        public Parser(string text)
        {
            _text = text;
            Tokenize();
        }

        public bool UsesFractional { get; private set; }

        public SoapLensException Error(int pos, string problem)
        {
            var sb = new StringBuilder();
            sb.Append($"-Where '{_text}': {problem}");
            if (pos > 0) sb.Append($" at character {pos}:\n  {_text}\n  {new string(' ', pos - 1)}^");
            else sb.Append('.');
            return new SoapLensException("InvalidWhereExpression", ErrorKind.InvalidArgument, sb.ToString(), _text);
        }

        private static readonly Dictionary<string, string> s_wordOps = new(StringComparer.OrdinalIgnoreCase)
        {
            ["and"] = "and", ["or"] = "or", ["not"] = "not",
            ["-and"] = "and", ["-or"] = "or", ["-not"] = "not",
            ["-lt"] = "<", ["-le"] = "<=", ["-gt"] = ">", ["-ge"] = ">=", ["-eq"] = "==", ["-ne"] = "!=",
        };

        private void Tokenize()
        {
            int i = 0, n = _text.Length;
            while (i < n)
            {
                char ch = _text[i];
                if (char.IsWhiteSpace(ch)) { i++; continue; }
                int start = i;
                if (char.IsDigit(ch) || (ch == '.' && i + 1 < n && char.IsDigit(_text[i + 1])))
                {
                    while (i < n && (char.IsDigit(_text[i]) || _text[i] == '.')) i++;
                    if (i < n && (_text[i] is 'e' or 'E'))
                    {
                        int j = i + 1;
                        if (j < n && _text[j] is '+' or '-') j++;
                        if (j < n && char.IsDigit(_text[j])) { i = j; while (i < n && char.IsDigit(_text[i])) i++; }
                    }
                    _tokens.Add(("num", _text[start..i], start + 1));
                }
                else if (char.IsLetter(ch) || ch == '_' || (ch == '-' && i + 1 < n && char.IsLetter(_text[i + 1]) && IsWordOperatorAt(i)))
                {
                    i++;
                    while (i < n && (char.IsLetterOrDigit(_text[i]) || _text[i] == '_')) i++;
                    var word = _text[start..i];
                    if (s_wordOps.TryGetValue(word, out var op)) _tokens.Add(("op", op, start + 1));
                    else _tokens.Add(("word", word, start + 1));
                }
                else if (ch is '\'' or '"')
                {
                    int close = _text.IndexOf(ch, i + 1);
                    if (close < 0) throw Error(start + 1, "unterminated quoted text");
                    _tokens.Add(("str", _text[(i + 1)..close], start + 1));
                    i = close + 1;
                }
                else
                {
                    string? two = i + 1 < n ? _text.Substring(i, 2) : null;
                    string? op = two switch
                    {
                        "<=" or ">=" or "==" or "!=" => two,
                        "<>" => "!=",
                        "&&" => "and",
                        "||" => "or",
                        _ => null,
                    };
                    if (op is not null) { _tokens.Add(("op", op, start + 1)); i += 2; continue; }
                    op = ch switch
                    {
                        '<' or '>' or '+' or '-' or '*' or '/' or '(' or ')' => ch.ToString(),
                        '=' => "==",
                        '!' => "not",
                        _ => null,
                    };
                    if (op is null) throw Error(start + 1, $"unexpected character '{ch}'");
                    _tokens.Add(("op", op, start + 1));
                    i++;
                }
            }
        }

        private bool IsWordOperatorAt(int i)
        {
            int j = i + 1;
            while (j < _text.Length && char.IsLetter(_text[j])) j++;
            return s_wordOps.ContainsKey(_text[i..j]);
        }

        /// <summary>A node of the wrong type; a bare word there is most likely a misspelt name.</summary>
        private SoapLensException Misuse(Node n, string need) => n is TextLiteral { Type: ValueType.Word } w
            ? Error(n.Position, $"unknown name '{w.Value}'; known names: {string.Join(", ", Variable.Names)}")
            : Error(n.Position, $"{need}, found a {Describe(n.Type)}");

        private (string Kind, string Value, int Pos) Peek => _t < _tokens.Count ? _tokens[_t] : ("end", "", _text.Length + 1);

        private bool IsOp(string value) => Peek.Kind == "op" && Peek.Value == value;

        public Node ParseAll()
        {
            if (_tokens.Count == 0) throw Error(0, "the condition is empty");
            var node = ParseOr();
            if (_t < _tokens.Count) throw Error(Peek.Pos, $"unexpected '{Peek.Value}'");
            return node;
        }

        private Node ParseOr()
        {
            var left = ParseAnd();
            while (IsOp("or"))
            {
                int pos = Peek.Pos;
                _t++;
                left = Logical("or", left, ParseAnd(), pos);
            }
            return left;
        }

        private Node ParseAnd()
        {
            var left = ParseNot();
            while (IsOp("and"))
            {
                int pos = Peek.Pos;
                _t++;
                left = Logical("and", left, ParseNot(), pos);
            }
            return left;
        }

        private Node Logical(string op, Node a, Node b, int pos)
        {
            if (a.Type != ValueType.Bool) throw Misuse(a, $"'{op}' needs a true/false test on its left");
            if (b.Type != ValueType.Bool) throw Misuse(b, $"'{op}' needs a true/false test on its right");
            return new Binary(op, a, b) { Position = pos };
        }

        private Node ParseNot()
        {
            if (IsOp("not"))
            {
                int pos = Peek.Pos;
                _t++;
                var operand = ParseNot();
                if (operand.Type != ValueType.Bool) throw Misuse(operand, "'not' needs a true/false test");
                return new Unary("not", operand) { Position = pos };
            }
            return ParseComparison();
        }

        private Node ParseComparison()
        {
            var left = ParseSum();
            if (Peek.Kind == "op" && Peek.Value is "<" or "<=" or ">" or ">=" or "==" or "!=")
            {
                var (_, op, pos) = Peek;
                _t++;
                var right = ParseSum();
                return Compare(op, left, right, pos);
            }
            return left;
        }

        private Node Compare(string op, Node a, Node b, int pos)
        {
            bool textA = a.Type is ValueType.Str or ValueType.Word, textB = b.Type is ValueType.Str or ValueType.Word;
            // A bare word is text only next to species or name; elsewhere it is a misspelt name.
            if (a.Type == ValueType.Word && b.Type != ValueType.Str) throw Misuse(a, "");
            if (b.Type == ValueType.Word && a.Type != ValueType.Str) throw Misuse(b, "");
            if (textA || textB)
            {
                var other = textA ? b : a;
                if (!(textA && textB))
                    throw Error(other.Position, $"cannot compare a {Describe(other.Type)} with text; species and name compare with text such as Cu or 'OW'");
                if (op is not ("==" or "!="))
                    throw Error(pos, $"text can only be compared with == or !=, not '{op}'");
                return new Binary(op, a, b) { Position = pos };
            }
            if (a.Type != ValueType.Num || b.Type != ValueType.Num)
                throw Error(pos, $"'{op}' compares two numbers");
            return new Binary(op, a, b) { Position = pos };
        }

        private Node ParseSum()
        {
            var left = ParseTerm();
            while (IsOp("+") || IsOp("-"))
            {
                var (_, op, pos) = Peek;
                _t++;
                left = Arithmetic(op, left, ParseTerm(), pos);
            }
            return left;
        }

        private Node ParseTerm()
        {
            var left = ParseUnary();
            while (IsOp("*") || IsOp("/"))
            {
                var (_, op, pos) = Peek;
                _t++;
                left = Arithmetic(op, left, ParseUnary(), pos);
            }
            return left;
        }

        private Node Arithmetic(string op, Node a, Node b, int pos)
        {
            foreach (var side in new[] { a, b })
                if (side.Type != ValueType.Num)
                    throw Misuse(side, $"'{op}' needs numbers");
            return new Binary(op, a, b) { Position = pos };
        }

        private Node ParseUnary()
        {
            if (IsOp("-"))
            {
                int pos = Peek.Pos;
                _t++;
                var operand = ParseUnary();
                if (operand.Type != ValueType.Num) throw Misuse(operand, "'-' needs a number");
                return new Unary("-", operand) { Position = pos };
            }
            return ParsePrimary();
        }

        private Node ParsePrimary()
        {
            var (kind, value, pos) = Peek;
            switch (kind)
            {
                case "num":
                    _t++;
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                        throw Error(pos, $"'{value}' is not a number");
                    return new Constant(v) { Position = pos };
                case "str":
                    _t++;
                    return new TextLiteral(value, bare: false) { Position = pos };
                case "word":
                {
                    _t++;
                    var lower = value.ToLowerInvariant();
                    if (lower is "abs" or "sqrt" && IsOp("("))
                    {
                        _t++;
                        var arg = ParseOr();
                        Expect(")", pos);
                        if (arg.Type != ValueType.Num) throw Misuse(arg, $"{lower}() needs a number");
                        return new Unary(lower, arg) { Position = pos };
                    }
                    if (lower is "element") lower = "species";
                    if (Variable.Names.Contains(lower))
                    {
                        if (lower is "fx" or "fy" or "fz") UsesFractional = true;
                        return new Variable(lower) { Position = pos };
                    }
                    return new TextLiteral(value, bare: true) { Position = pos };
                }
                case "op" when value == "(":
                {
                    _t++;
                    var inner = ParseOr();
                    Expect(")", pos);
                    return inner;
                }
                case "end":
                    throw Error(pos, "the condition ends too early; expected a number, a name or '('");
                default:
                    throw Error(pos, $"expected a number, a name or '(', found '{value}'");
            }
        }

        private void Expect(string op, int openedAt)
        {
            if (!IsOp(op)) throw Error(Peek.Pos, $"expected '{op}' to close the '(' at character {openedAt}");
            _t++;
        }
    }
}
