package io.icmpkit.stack.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read with Jackson's streaming parser into a small tree that keeps the line and
 * column of every value and the dotted path to it, so that every validation error can name both
 * (Jackson's own {@code JsonNode} tree drops locations).
 */
final class Yaml {
  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();
  private static final int MAX_DEPTH = 32;

  private Yaml() {}

  /** A value of the document: a mapping, a sequence or a scalar (null for YAML {@code ~}). */
  sealed interface Node permits MapNode, ListNode, Scalar {
    String source();

    int line();

    int column();

    String path();

    default TopologyException error(String problem) {
      return new TopologyException(source(), line(), column(), path(), problem);
    }

    default String kind() {
      return switch (this) {
        case MapNode m -> "a mapping";
        case ListNode l -> "a list";
        case Scalar s -> s.text() == null ? "null" : "'" + s.text() + "'";
      };
    }
  }

  record MapNode(String source, int line, int column, String path, Map<String, Node> entries)
      implements Node {
    Node get(String key) {
      return entries.get(key);
    }

    String child(String key) {
      return path.isEmpty() ? key : path + "." + key;
    }
  }

  record ListNode(String source, int line, int column, String path, List<Node> items)
      implements Node {}

  /** A scalar; {@code text} is null for YAML null; {@code quoted} for a string token. */
  record Scalar(String source, int line, int column, String path, String text, boolean string)
      implements Node {}

  static Node read(String source, Reader in) {
    try (JsonParser p = FACTORY.createParser(in)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new TopologyException(source, 1, 1, "", "empty file");
      }
      Node root = readValue(source, p, "", 0);
      if (p.nextToken() != null) {
        JsonLocation l = p.currentTokenLocation();
        throw new TopologyException(source, l.getLineNr(), l.getColumnNr(), "",
            "more than one document");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw new TopologyException(source, l == null ? 0 : l.getLineNr(),
          l == null ? 0 : l.getColumnNr(), "", "not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new TopologyException(source, 0, 0, "", "cannot read: " + e.getMessage());
    }
  }

  private static Node readValue(String source, JsonParser p, String path, int depth)
      throws IOException {
    JsonLocation l = p.currentTokenLocation();
    int line = l.getLineNr();
    int col = l.getColumnNr();
    if (depth > MAX_DEPTH) {
      throw new TopologyException(source, line, col, path, "nested too deep");
    }
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Node> entries = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          JsonLocation kl = p.currentTokenLocation();
          String child = path.isEmpty() ? key : path + "." + key;
          if (entries.containsKey(key)) {
            throw new TopologyException(source, kl.getLineNr(), kl.getColumnNr(), child,
                "duplicate key");
          }
          p.nextToken();
          entries.put(key, readValue(source, p, child, depth + 1));
        }
        return new MapNode(source, line, col, path, entries);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(source, p, path + "[" + items.size() + "]", depth + 1));
        }
        return new ListNode(source, line, col, path, items);
      }
      case VALUE_NULL -> {
        return new Scalar(source, line, col, path, null, false);
      }
      default -> {
        return new Scalar(source, line, col, path, p.getText(), t == JsonToken.VALUE_STRING);
      }
    }
  }
}
